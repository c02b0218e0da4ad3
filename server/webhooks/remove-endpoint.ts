import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { findEndpointOrThrow } from './find-endpoint';
import type { WebhookEndpointView } from './schemas';

/** Deletes an endpoint with its deliveries and their attempts. */
export async function removeEndpoint(options: { db: Db; id: string }): Promise<WebhookEndpointView> {
  return writeTransaction(options.db, async (tx) => {
    const endpoint = await findEndpointOrThrow(tx, options.id);
    await tx.webhookEndpoint.delete({ where: { id: options.id } });
    return endpoint;
  });
}
