import { SYSTEM_ACTOR } from '../auth/actor';
import type { Db } from '../db';
import { queueRuns } from '../queue/queue-runs';
import type { TaskView } from '../tasks/task-view';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface PastRun {
  /** When it started, before now. */
  ago: number;
  durationMs: number;
  status: 'succeeded' | 'failed';
  exitCode: number;
  stdout: string[];
  stderr?: string[];
  error?: string;
}

const ok = (ago: number, durationMs: number, stdout: string[]): PastRun => ({ ago, durationMs, status: 'succeeded', exitCode: 0, stdout });

/** Past runs of the demo tasks, as their commands print them (newest last). */
function pastRuns(key: string, now: Date): PastRun[] {
  // The last 02:00 UTC before now, and the nights before it.
  const lastTwo = new Date(now);
  lastTwo.setUTCHours(2, 0, 0, 0);
  if (lastTwo.getTime() > now.getTime()) lastTwo.setTime(lastTwo.getTime() - DAY);
  const sinceTwo = now.getTime() - lastTwo.getTime();
  switch (key) {
    case 'nightly-backup':
      return [4, 3, 2, 1, 0].map((d) => ok(sinceTwo + d * DAY, 2_100 + d * 37, ['backing up database', 'backup complete: 42 MB']));
    case 'health-check':
      return [6, 5, 4, 3, 2, 1].map((i) => ok(i * 5 * 60_000 + 2_000, 40 + i * 3, ['HTTP 200 OK']));
    case 'weekly-report':
      return [ok(7 * DAY - 3 * HOUR, 850, ['report weekly-usage sent to 1 recipient'])];
    case 'migrate-user-avatars':
      return [ok(3 * DAY, 1_040, ['migrating avatars', 'done: 1,204 files'])];
    case 'cleanup-temp-files':
      return [ok(12 * DAY, 310, []), ok(11 * DAY, 290, [])];
    case 'sync-invoices': {
      const failed = (ago: number): PastRun => ({
        ago,
        durationMs: 180,
        status: 'failed',
        exitCode: 6,
        stdout: ['fetching invoices from https://billing.example.invalid/api/invoices'],
        stderr: ['error: could not resolve host billing.example.invalid', 'sync aborted after 0 of 312 invoices'],
        error: 'exit code 6',
      });
      const synced = (ago: number) => ok(ago, 2_400, ['fetching invoices from https://billing.example.invalid/api/invoices', 'synced 312 invoices']);
      return [synced(5 * HOUR), synced(4 * HOUR), failed(3 * HOUR), failed(2 * HOUR), failed(HOUR)];
    }
    default:
      return [];
  }
}

/**
 * Gives a freshly created demo task its past: finished runs with their
 * output, lastRunAt/lastRunStatus to match, and for the running demo task a
 * queued run the worker picks up at once. Writes only (no read-then-write).
 */
export async function seedDemoHistory(db: Db, task: TaskView, now: Date): Promise<void> {
  const runs = pastRuns(task.key, now);
  for (const past of runs) {
    const startedAt = new Date(now.getTime() - past.ago);
    const finishedAt = new Date(startedAt.getTime() + past.durationMs);
    const lines = [
      ...past.stdout.map((data) => ({ stream: 'stdout', data: `${data}\n` })),
      ...(past.stderr ?? []).map((data) => ({ stream: 'stderr', data: `${data}\n` })),
      { stream: 'system', data: `${past.status} in ${(past.durationMs / 1000).toFixed(1)}s (exit code ${past.exitCode})\n` },
    ];
    await db.run.create({
      data: {
        taskId: task.id,
        status: past.status,
        trigger: task.scheduleKind === 'manual' || task.scheduleKind === 'once' ? 'manual' : 'schedule',
        scheduledFor: task.scheduleKind === 'cron' || task.scheduleKind === 'interval' ? startedAt : null,
        availableAt: startedAt,
        createdAt: startedAt,
        claimedAt: startedAt,
        startedAt,
        finishedAt,
        durationMs: past.durationMs,
        exitCode: past.exitCode,
        error: past.error ?? null,
        logBytes: lines.reduce((n, l) => n + Buffer.byteLength(l.data), 0),
        logs: { create: lines.map((l, i) => ({ seq: i + 1, stream: l.stream, data: l.data, createdAt: finishedAt })) },
      },
    });
  }
  const last = runs.at(-1);
  if (last) {
    await db.task.update({
      where: { id: task.id },
      data: { lastRunAt: new Date(now.getTime() - last.ago), lastRunStatus: last.status },
    });
  }
  if (task.status === 'in_progress') await queueRuns({ db, task: { id: task.id }, trigger: 'manual', actor: SYSTEM_ACTOR, now });
}
