import { providerOf, type Db } from '../db/client';

/** Channel a PostgreSQL worker LISTENs on to pick up queued runs without waiting for its next poll. */
export const RUN_QUEUED_CHANNEL = 'cronboard_run_queued';

/** Wakes idle PostgreSQL workers (LISTEN/NOTIFY). SQLite workers poll; nothing to do there. */
export async function notifyRunQueued(db: Db): Promise<void> {
  if (providerOf(db) !== 'postgresql') return;
  await db.$executeRawUnsafe(`SELECT pg_notify('${RUN_QUEUED_CHANNEL}', '')`).catch(() => undefined);
}
