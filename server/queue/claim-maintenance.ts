import type { Db } from '../db/client';

export interface ClaimMaintenanceOptions {
  db: Db;
  /** Setting key naming the job, e.g. 'maintenance.retention'. */
  job: string;
  /** Run at most once per this many milliseconds across all workers. */
  everyMs: number;
  workerId: string;
  now?: Date;
}

/**
 * Lets exactly one worker do a periodic job (retention) per interval. The
 * marker row holds the time the job was last taken; taking it is a single
 * compare-and-set update (or the insert of the row the first time, guarded by
 * its primary key), so two workers asking at once cannot both win.
 */
export async function claimMaintenance(options: ClaimMaintenanceOptions): Promise<boolean> {
  const now = options.now ?? new Date();
  const value = { at: now.toISOString(), by: options.workerId };
  const existing = await options.db.setting.findUnique({ where: { key: options.job } });
  if (!existing) {
    try {
      await options.db.setting.create({ data: { key: options.job, value } });
      return true;
    } catch {
      return false; // another worker created it a moment ago
    }
  }
  const at = (existing.value as { at?: unknown } | null)?.at;
  const last = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  if (Number.isFinite(last) && now.getTime() - last < options.everyMs) return false;
  const { count } = await options.db.setting.updateMany({
    where: { key: options.job, updatedAt: existing.updatedAt },
    data: { value },
  });
  return count === 1;
}
