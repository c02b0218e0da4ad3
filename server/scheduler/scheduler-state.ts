import type { Db } from '../db';

// The global scheduler switch (the maintenance switch; the schedule server's
// start/stop). One Setting row that exists only while the scheduler is
// paused, so the schedule tick can skip with a NOT EXISTS on its primary key
// folded into its own SELECT (server/queue/materialize-due-runs.ts), with no
// JSON to read and no extra round trip per pass.

export const SCHEDULER_PAUSED_KEY = 'scheduler:paused';

export interface SchedulerState {
  paused: boolean;
  /** ISO time the scheduler was paused, while paused. */
  since: string | null;
  /** Who paused it (a user's email, a token's name), while paused. */
  by: string | null;
}

interface PausedValue {
  since: string;
  by: string;
}

type SettingReader = Pick<Db, 'setting'>;

export function schedulerStateOf(value: unknown): SchedulerState {
  if (value === null || value === undefined) return { paused: false, since: null, by: null };
  const v = value as Partial<PausedValue>;
  return { paused: true, since: typeof v.since === 'string' ? v.since : null, by: typeof v.by === 'string' ? v.by : null };
}

export function pausedValue(since: Date, by: string): PausedValue {
  return { since: since.toISOString(), by };
}

/** Whether scheduled runs are being created fleet-wide, and if not since when and by whom. */
export async function getSchedulerState(options: { db: SettingReader }): Promise<SchedulerState> {
  const row = await options.db.setting.findUnique({ where: { key: SCHEDULER_PAUSED_KEY } });
  return schedulerStateOf(row?.value ?? null);
}
