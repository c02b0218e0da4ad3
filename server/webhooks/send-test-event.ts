import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { recordEvent } from '../events/record-event';
import { findEndpointOrThrow } from './find-endpoint';

/** Records a `webhook.test` event, which the outbox delivers to this endpoint only (even a disabled one is not sent it). */
export async function sendTestEvent(options: { db: Db; id: string; actor: Actor }): Promise<{ eventId: number }> {
  return writeTransaction(options.db, async (tx) => {
    const endpoint = await findEndpointOrThrow(tx, options.id);
    await recordEvent({ db: tx, type: 'webhook.test', actor: options.actor, payload: { endpointId: endpoint.id, url: endpoint.url } });
    const event = await tx.event.findFirst({ where: { type: 'webhook.test' }, orderBy: { id: 'desc' }, select: { id: true } });
    return { eventId: event!.id };
  });
}
