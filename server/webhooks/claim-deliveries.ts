import { randomUUID } from 'node:crypto';
import type { Db } from '../db';
import { providerOf } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { bind, ts } from '../queue/sql';

export interface ClaimedDelivery {
  id: number;
  /** Null for an alert rule's Slack or email channel (`channel`, `target`). */
  endpointId: string | null;
  channel: string;
  target: string | null;
  eventId: number;
  attempts: number;
  createdAt: Date;
  claimToken: string;
}

export interface ClaimDeliveriesOptions {
  db: Db;
  limit: number;
  /** How long the claim lasts: past it, another worker may send the delivery again (the request timeout is well inside it). */
  claimMs?: number;
  now?: Date;
}

/**
 * Claims due deliveries like runs: pending ones whose time has come, and ones
 * whose claim expired (the worker sending them died). Each claim gets a token
 * that its finish is guarded by. PostgreSQL: candidates are locked FOR UPDATE
 * SKIP LOCKED, so workers claiming at once take different deliveries; SQLite:
 * the write lock serializes claims. Disabled endpoints' deliveries wait.
 */
export async function claimDeliveries(options: ClaimDeliveriesOptions): Promise<ClaimedDelivery[]> {
  const { db, limit } = options;
  const provider = providerOf(db);
  const now = options.now ?? new Date();
  const expires = new Date(now.getTime() + (options.claimMs ?? 60_000));
  // Nothing due (the common case between bursts): no write transaction, which on SQLite would take the write lock.
  const due = await db.webhookDelivery.findFirst({
    where: { OR: [{ status: 'pending', nextAttemptAt: { lte: now } }, { status: 'delivering', claimExpiresAt: { lte: now } }] },
    select: { id: true },
  });
  if (!due) return [];
  return writeTransaction(db, async (tx) => {
    const [sql, params] = bind(
      provider,
      `SELECT d."id" FROM "WebhookDelivery" d LEFT JOIN "WebhookEndpoint" e ON e."id" = d."endpointId"
        WHERE (d."endpointId" IS NULL OR e."enabled" = $3) AND ((d."status" = 'pending' AND d."nextAttemptAt" <= $1) OR (d."status" = 'delivering' AND d."claimExpiresAt" <= $1))
        ORDER BY d."nextAttemptAt", d."id" LIMIT $2 ${provider === 'postgresql' ? 'FOR UPDATE OF d SKIP LOCKED' : ''}`,
      [ts(provider, now), limit, provider === 'sqlite' ? 1 : true],
    );
    const ids = (await tx.$queryRawUnsafe<{ id: number }[]>(sql, ...params)).map((r) => Number(r.id));
    if (ids.length === 0) return [];
    // One token for the batch, in one UPDATE and one read (not one UPDATE per delivery: the
    // transaction holds SQLite's write lock for less). Each finish is still guarded by id and token.
    const claimToken = randomUUID();
    await tx.webhookDelivery.updateMany({
      where: { id: { in: ids } },
      data: { status: 'delivering', claimToken, claimExpiresAt: expires, attempts: { increment: 1 }, lastAttemptAt: now },
    });
    const rows = await tx.webhookDelivery.findMany({
      where: { id: { in: ids } },
      select: { id: true, endpointId: true, channel: true, target: true, eventId: true, attempts: true, createdAt: true },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [{ ...row, claimToken }] : [];
    });
  });
}
