import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { recordEvent } from '../events/record-event';

// The jobs folder sync's last outcome, shared by every process through one
// Setting row: the board's banner reads it, and a jobs.sync_failed event is
// recorded when the set of problems changes (not on every sync).

const KEY = 'job-files:status';

export interface JobsSyncStatus {
  folder: string;
  ok: boolean;
  problems: string[];
  at: string;
}

export async function getJobsSyncStatus(options: { db: Db }): Promise<JobsSyncStatus | null> {
  const row = await options.db.setting.findUnique({ where: { key: KEY } });
  return row ? (row.value as unknown as JobsSyncStatus) : null;
}

export async function recordJobsSyncOutcome(options: {
  db: Db;
  folder: string;
  problems: string[];
  actor: Actor;
  now?: Date;
}): Promise<void> {
  const now = options.now ?? new Date();
  const status: JobsSyncStatus = {
    folder: options.folder,
    ok: options.problems.length === 0,
    problems: options.problems,
    at: now.toISOString(),
  };
  await writeTransaction(options.db, async (tx) => {
    const row = await tx.setting.findUnique({ where: { key: KEY } });
    const before = row ? (row.value as unknown as JobsSyncStatus) : null;
    const changed =
      JSON.stringify(before?.problems ?? []) !== JSON.stringify(status.problems) || before?.folder !== status.folder;
    if (changed && status.problems.length > 0) {
      await recordEvent({
        db: tx,
        type: 'jobs.sync_failed',
        actor: options.actor,
        payload: { folder: options.folder, problems: status.problems },
      });
    }
    const value = status as unknown as object;
    await tx.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
  });
}

/** Forgets the last outcome: a worker started without a jobs folder (jobsDir removed) takes the banner down. */
export async function clearJobsSyncStatus(options: { db: Db }): Promise<void> {
  await options.db.setting.deleteMany({ where: { key: KEY } });
}
