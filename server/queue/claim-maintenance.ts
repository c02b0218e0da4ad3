import { sqlQuery } from './plan';
import { runPlanAt, type QueueOperationOptions } from './run-plan-at';
import { ts } from './sql';

export interface ClaimMaintenanceOptions extends QueueOperationOptions {
  /** Setting key naming the job, e.g. 'maintenance.retention'. */
  job: string;
  /** Run at most once per this many milliseconds across all workers. */
  everyMs: number;
  workerId: string;
}

/**
 * Lets exactly one worker do a periodic job (retention) per interval. The
 * marker row holds when and by whom the job was last taken; taking it is one
 * statement: the insert of the row the first time (guarded by its primary
 * key), else an update only if the last take is at least `everyMs` old. Two
 * workers asking at once cannot both win: the database serialises the upsert
 * on the row.
 */
export async function claimMaintenance(options: ClaimMaintenanceOptions): Promise<boolean> {
  const rows = await runPlanAt(
    options,
    (provider, now) => {
      const pg = provider === 'postgresql';
      return sqlQuery<{ key: string }>(
        `INSERT INTO "Setting" (key, value, "updatedAt") VALUES ($1, $2${pg ? '::jsonb' : ''}, $3${pg ? '::timestamp(3)' : ''})
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, "updatedAt" = excluded."updatedAt"
         WHERE "Setting"."updatedAt" <= $4${pg ? '::timestamp(3)' : ''}
         RETURNING key`,
        [
          options.job,
          JSON.stringify({ at: now.toISOString(), by: options.workerId }),
          ts(provider, now),
          ts(provider, new Date(now.getTime() - options.everyMs)),
        ],
      );
    },
    { transaction: false },
  );
  return rows.length === 1;
}
