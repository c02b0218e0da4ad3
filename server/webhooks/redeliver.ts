import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { AppError } from '../errors';

/**
 * Sends a delivery again, now, with the same webhook-id (its attempts so far
 * stay in its log). One being sent right now is refused: wait for its answer.
 */
export async function redeliver(options: { db: Db; deliveryId: number; now?: Date }): Promise<{ id: number; status: string }> {
  return writeTransaction(options.db, async (tx) => {
    const row = await tx.webhookDelivery.findUnique({ where: { id: options.deliveryId }, select: { id: true, status: true } });
    if (!row) throw new AppError('NOT_FOUND', `No webhook delivery with id ${options.deliveryId}`);
    if (row.status === 'delivering') throw new AppError('CONFLICT', `Delivery ${row.id} is being sent right now; redeliver it once it has an answer`);
    await tx.webhookDelivery.update({
      where: { id: row.id },
      data: { status: 'pending', nextAttemptAt: options.now ?? new Date(), claimToken: null, claimExpiresAt: null },
    });
    return { id: row.id, status: 'pending' };
  });
}
