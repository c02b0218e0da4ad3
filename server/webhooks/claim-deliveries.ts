import { randomUUID } from 'node:crypto';
import type { Db, Provider } from '../db';
import { providerOf } from '../db';
import { runPlan, sqlQuery, type Plan } from '../queue/plan';
import { bind, inList, readTs, ts } from '../queue/sql';

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
 * The deliveries due at $1 (pending ones whose time has come, and ones whose
 * claim expired), of enabled endpoints or of an alert rule's Slack/email
 * channel; $2 is true as the provider binds it. The claim and the sender's
 * "is anything overdue" ask share it.
 */
const DUE_DELIVERIES_SQL = `SELECT d."id" FROM "WebhookDelivery" d LEFT JOIN "WebhookEndpoint" e ON e."id" = d."endpointId"
  WHERE (d."endpointId" IS NULL OR e."enabled" = $2) AND ((d."status" = 'pending' AND d."nextAttemptAt" <= $1) OR (d."status" = 'delivering' AND d."claimExpiresAt" <= $1))`;

/** The value of DUE_DELIVERIES_SQL's $2 (SQLite stores booleans as 0/1). */
const enabledParam = (provider: Provider) => (provider === 'sqlite' ? 1 : true);

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
  if (!(await deliveriesDueAt(db, now))) return [];
  // A plan (server/queue/plan.ts): on a worker's direct connection, no Prisma client on this hot path.
  return runPlan(db, () => claimPlan(provider, limit, now, expires));
}

/** Whether any delivery is due at `at` (a plain read: no write lock). */
export async function deliveriesDueAt(db: Db, at: Date): Promise<boolean> {
  const provider = providerOf(db);
  const [sql, params] = bind(provider, `${DUE_DELIVERIES_SQL} LIMIT 1`, [ts(provider, at), enabledParam(provider)]);
  return (await db.$queryRawUnsafe<unknown[]>(sql, ...params)).length > 0;
}

function* claimPlan(provider: Provider, limit: number, now: Date, expires: Date): Plan<ClaimedDelivery[]> {
  const due = yield* sqlQuery<{ id: number }>(
    `${DUE_DELIVERIES_SQL} ORDER BY d."nextAttemptAt", d."id" LIMIT $3 ${provider === 'postgresql' ? 'FOR UPDATE OF d SKIP LOCKED' : ''}`,
    [ts(provider, now), enabledParam(provider), limit],
  );
  const ids = due.map((r) => Number(r.id));
  if (ids.length === 0) return [];
  // One token for the batch, in one UPDATE (not one per delivery: the transaction holds
  // SQLite's write lock for less). Each finish is still guarded by id and token.
  const claimToken = randomUUID();
  const params: unknown[] = [claimToken, ts(provider, expires), ts(provider, now)];
  const rows = yield* sqlQuery<Record<string, unknown>>(
    `UPDATE "WebhookDelivery" SET "status" = 'delivering', "claimToken" = $1, "claimExpiresAt" = $2, "attempts" = "attempts" + 1, "lastAttemptAt" = $3
      WHERE "id" IN (${inList(ids, params)})
      RETURNING "id", "endpointId", "channel", "target", "eventId", "attempts", "createdAt"`,
    params,
  );
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      {
        id,
        endpointId: (row.endpointId as string | null) ?? null,
        channel: String(row.channel),
        target: (row.target as string | null) ?? null,
        eventId: Number(row.eventId),
        attempts: Number(row.attempts),
        createdAt: readTs(row.createdAt)!,
        claimToken,
      },
    ];
  });
}
