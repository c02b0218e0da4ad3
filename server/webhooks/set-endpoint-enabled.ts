import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { newestEventId } from './fan-out-events';
import { findEndpointOrThrow } from './find-endpoint';
import { ENDPOINT_VIEW_SELECT, toEndpointView, type WebhookEndpointView } from './schemas';

/** Turns an endpoint off, or back on (which forgets its failing streak). Events recorded while it was off are not delivered. */
export async function setEndpointEnabled(options: { db: Db; id: string; enabled: boolean }): Promise<WebhookEndpointView> {
  return writeTransaction(options.db, async (tx) => {
    await findEndpointOrThrow(tx, options.id);
    const row = await tx.webhookEndpoint.update({
      where: { id: options.id },
      data: options.enabled
        ? { enabled: true, failingSince: null, disabledReason: null, sinceEventId: await newestEventId(tx) }
        : { enabled: false, disabledReason: null },
      select: ENDPOINT_VIEW_SELECT,
    });
    return toEndpointView(row);
  });
}
