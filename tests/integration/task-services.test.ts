// Task and run services against a real database (SQLite file or PostgreSQL):
// optimistic concurrency, schedule recomputation, pause/resume, delete,
// upcoming fire times, run history and logs, and history pruning.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import type { AppError } from '../../server/errors';
import { getRunLogs } from '../../server/runs/get-run-logs';
import { getRun } from '../../server/runs/get-run';
import { pruneHistory } from '../../server/runs/prune-history';
import { deleteTask } from '../../server/tasks/delete-task';
import { listUpcoming } from '../../server/tasks/list-upcoming';
import { pauseTask } from '../../server/tasks/pause-task';
import { resumeTask } from '../../server/tasks/resume-task';
import type { TaskInput } from '../../server/tasks/schemas';
import { updateTask } from '../../server/tasks/update-task';
import { tester } from './helpers/actors';
import { expectAppError } from './helpers/app-error';
import { createShellTask } from './helpers/tasks';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const actor = tester;
const T0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe(`task and run services on ${provider}`, () => {
  const testDb = useTestDatabase();
  let db: Db;

  const create = (input: Partial<TaskInput> & { key: string }, now = T0) => createShellTask(db, input, { actor, source: 'cli', now });
  const update = (
    key: string,
    patch: Parameters<typeof updateTask>[0]['patch'],
    extra: { expectedVersion?: number; now?: Date } = {},
  ) =>
    updateTask({ db, key, patch, actor, defaultTimezone: 'UTC', now: extra.now ?? T0, expectedVersion: extra.expectedVersion });
  const events = (key: string, type: string) => db.event.findMany({ where: { taskKey: key, type }, orderBy: { id: 'asc' } });

  beforeAll(() => {
    db = testDb.db;
  });
  beforeEach(() => testDb.reset(['task', 'event']));

  describe('updateTask', () => {
    it('refuses a stale expectedVersion with CONFLICT and bumps the version on success', async () => {
      const task = await create({ key: 'occ' });
      expect(task.version).toBe(1);
      const updated = await update('occ', { name: 'Renamed' }, { expectedVersion: 1 });
      expect(updated).toMatchObject({ name: 'Renamed', version: 2 });

      // Someone who read version 1 saves afterwards: refused, nothing written.
      await expectAppError(update('occ', { name: 'Lost update' }, { expectedVersion: 1 }), 'CONFLICT', /version 2, you had 1/);
      const row = await db.task.findUniqueOrThrow({ where: { key: 'occ' } });
      expect(row).toMatchObject({ name: 'Renamed', version: 2 });
    });

    it('lets exactly one of two concurrent writers of the same version win', async () => {
      await create({ key: 'race' });
      const results = await Promise.allSettled([
        update('race', { name: 'A' }, { expectedVersion: 1 }),
        update('race', { name: 'B' }, { expectedVersion: 1 }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0]!.reason as AppError).code).toBe('CONFLICT');
      expect((await db.task.findUniqueOrThrow({ where: { key: 'race' } })).version).toBe(2);
    });

    it('records task.updated with the names of the changed fields, and nothing for a no-op', async () => {
      await create({ key: 'ev', priority: 'low', labels: ['ops', 'nightly'] });
      await update('ev', { priority: 'urgent', labels: ['ops', 'db'], name: 'ev' });
      const [event] = await events('ev', 'task.updated');
      expect(event?.payload).toEqual({ changed: ['priority', 'labels'], version: 2 });
      expect(event).toMatchObject({ actorType: 'user', actorName: 'tester' });
      // Labels are replaced, not merged.
      const task = await update('ev', { priority: 'urgent' });
      expect(task.labels.map((l) => l.name).sort()).toEqual(['db', 'ops']);
      expect(task.version).toBe(2);
      expect(await events('ev', 'task.updated')).toHaveLength(1);
    });

    it('validates like create: field issues, schedule errors, kind fields, taken keys', async () => {
      await create({ key: 'val' });
      await create({ key: 'other' });
      const bad = await expectAppError(update('val', { kind: 'http', httpUrl: 'ftp://x' }), 'BAD_REQUEST');
      expect(bad.issues).toEqual([{ path: 'httpUrl', message: 'must be an http(s) URL' }]);
      const missing = await expectAppError(update('val', { kind: 'handler' }), 'BAD_REQUEST');
      expect(missing.issues).toEqual([{ path: 'handler', message: 'is required for a handler task' }]);
      await expectAppError(update('val', { schedule: '61 * * * *' }), 'INVALID_SCHEDULE', /minute: 61 is out of range 0-59/);
      await expectAppError(update('val', { schedule: '2025-06-01T00:00:00Z' }), 'INVALID_SCHEDULE', /in the past/);
      await expectAppError(update('val', { key: 'other' }), 'CONFLICT', /already exists/);
      await expectAppError(update('val', { status: 'done' } as never), 'BAD_REQUEST', /move the card/);
      await expectAppError(update('nope', { name: 'x' }), 'NOT_FOUND');
      expect((await db.task.findUniqueOrThrow({ where: { key: 'val' } })).version).toBe(1);
    });

    it('switching kind drops the old kind fields; null clears a field back to its default', async () => {
      await create({ key: 'kind', command: 'echo hi', timeoutSeconds: 60 });
      const http = await update('kind', { kind: 'http', httpUrl: 'https://example.com/hook', timeoutSeconds: null });
      expect(http).toMatchObject({
        kind: 'http',
        command: null,
        httpUrl: 'https://example.com/hook',
        httpMethod: 'GET',
        timeoutSeconds: null,
      });
      const renamed = await update('kind', { key: 'kind-2' });
      expect(renamed.key).toBe('kind-2');
      const [event] = await events('kind-2', 'task.updated');
      expect(event?.payload).toMatchObject({ changed: ['key'], previousKey: 'kind' });
    });

    it('recomputes nextRunAt from now when the schedule, timezone or pause flag change, and only then', async () => {
      const task = await create({ key: 'sched', schedule: '0 2 * * *' });
      expect(task.nextRunAt).toEqual(at(2 * HOUR));

      // A change that has nothing to do with the schedule keeps the fire time.
      const renamed = await update('sched', { name: 'Still 02:00' }, { now: at(3 * HOUR) });
      expect(renamed.nextRunAt).toEqual(at(2 * HOUR));

      const moved = await update('sched', { schedule: '0 5 * * *' }, { now: at(3 * HOUR) });
      expect(moved.nextRunAt).toEqual(at(5 * HOUR));

      const zoned = await update('sched', { timezone: 'Europe/Paris' }, { now: at(3 * HOUR) });
      expect(zoned.nextRunAt).toEqual(at(4 * HOUR)); // 05:00 in Paris is 04:00 UTC in winter

      // Intervals count from the change, not from creation.
      const interval = await update('sched', { schedule: 'every 2 hours' }, { now: at(3 * HOUR + 30 * MIN) });
      expect(interval.nextRunAt).toEqual(at(5 * HOUR + 30 * MIN));

      const paused = await update('sched', { paused: true }, { now: at(4 * HOUR) });
      expect(paused).toMatchObject({ paused: true, nextRunAt: null });
      // Changing the schedule of a paused task does not schedule it.
      expect((await update('sched', { schedule: '0 9 * * *' }, { now: at(4 * HOUR) })).nextRunAt).toBeNull();
      const unpaused = await update('sched', { paused: false }, { now: at(10 * HOUR) });
      expect(unpaused.nextRunAt).toEqual(at(DAY + 8 * HOUR)); // 09:00 Paris next day
    });

    it('does not schedule a card in Done or Cancelled', async () => {
      await create({ key: 'done', status: 'done', schedule: '0 2 * * *' });
      expect((await update('done', { schedule: '0 3 * * *' })).nextRunAt).toBeNull();
    });
  });

  describe('pauseTask and resumeTask', () => {
    it('pause clears nextRunAt and records task.paused; pausing again changes nothing', async () => {
      await create({ key: 'p', schedule: '5m' });
      const paused = await pauseTask({ db, key: 'p', actor });
      expect(paused).toMatchObject({ paused: true, nextRunAt: null, version: 2, status: 'todo' });
      expect((await pauseTask({ db, key: 'p', actor })).version).toBe(2);
      expect(await events('p', 'task.paused')).toHaveLength(1);
      await expectAppError(pauseTask({ db, key: 'p', actor, expectedVersion: 1 }), 'CONFLICT');
    });

    it('resume schedules from now: the fire times missed while paused do not come as a burst', async () => {
      await create({ key: 'hourly', schedule: '1h' });
      await create({ key: 'nightly', schedule: '0 2 * * *' });
      await pauseTask({ db, key: 'hourly', actor });
      await pauseTask({ db, key: 'nightly', actor });

      // Three days and ten minutes later: 72 hourly and 3 nightly fire times were missed.
      const now = at(3 * DAY + 10 * MIN);
      const hourly = await resumeTask({ db, key: 'hourly', actor, now });
      expect(hourly.paused).toBe(false);
      expect(hourly.nextRunAt).toEqual(at(3 * DAY + 70 * MIN)); // one interval from now
      const nightly = await resumeTask({ db, key: 'nightly', actor, now });
      expect(nightly.nextRunAt).toEqual(at(3 * DAY + 2 * HOUR)); // the next 02:00, not the missed ones
      expect(await db.run.count()).toBe(0);

      const [event] = await events('hourly', 'task.resumed');
      expect(event?.payload).toEqual({ version: 3, nextRunAt: at(3 * DAY + 70 * MIN).toISOString() });
      // Resuming a running schedule changes nothing.
      expect((await resumeTask({ db, key: 'hourly', actor, now: at(4 * DAY) })).nextRunAt).toEqual(hourly.nextRunAt);
    });

    it('a resumed card in Done stays unscheduled', async () => {
      await create({ key: 'finished', status: 'done', schedule: '5m', paused: true });
      expect((await resumeTask({ db, key: 'finished', actor })).nextRunAt).toBeNull();
    });
  });

  describe('deleteTask', () => {
    it('deletes the task with its runs and logs, keeps a task.deleted event, and refuses while running unless forced', async () => {
      const task = await create({ key: 'del' });
      const done = await db.run.create({ data: { taskId: task.id, trigger: 'manual', status: 'succeeded', finishedAt: T0 } });
      await db.runLog.create({ data: { runId: done.id, seq: 1, stream: 'stdout', data: 'hi\n' } });
      const running = await db.run.create({ data: { taskId: task.id, trigger: 'manual', status: 'running', startedAt: T0 } });

      await expectAppError(deleteTask({ db, key: 'del', actor }), 'CONFLICT', /1 running run/);
      expect(await db.task.count({ where: { key: 'del' } })).toBe(1);

      const result = await deleteTask({ db, key: 'del', actor, force: true });
      expect(result).toEqual({ key: 'del', runs: 2, cancelRequested: [running.id] });
      expect(await db.task.count({ where: { key: 'del' } })).toBe(0);
      expect(await db.run.count({ where: { taskId: task.id } })).toBe(0);
      expect(await db.runLog.count({ where: { runId: done.id } })).toBe(0);
      const [event] = await events('del', 'task.deleted');
      expect(event).toMatchObject({ taskId: task.id, actorName: 'tester' });
      expect(event?.payload).toMatchObject({ runs: 2, force: true, cancelRequested: [running.id] });
      await expectAppError(deleteTask({ db, key: 'del', actor }), 'NOT_FOUND');
    });
  });

  describe('listUpcoming', () => {
    it('merges the next fire times of the active tasks in time order', async () => {
      await create({ key: 'nightly', schedule: '0 2 * * *', priority: 'high' });
      await create({ key: 'often', schedule: 'every 45 minutes' });
      await create({ key: 'paused', schedule: '1m', paused: true });
      await create({ key: 'done', schedule: '1m', status: 'done' });
      await create({ key: 'by-hand', schedule: 'manual' });
      await create({ key: 'once', schedule: '2026-01-01T01:00:00Z' });

      const upcoming = await listUpcoming({ db, count: 6, now: T0 });
      expect(upcoming.map((u) => [u.at.toISOString().slice(11, 16), u.taskKey])).toEqual([
        ['00:45', 'often'],
        ['01:00', 'once'],
        ['01:30', 'often'],
        ['02:00', 'nightly'],
        ['02:15', 'often'],
        ['03:00', 'often'],
      ]);
      expect(upcoming[3]).toMatchObject({ priority: 'high', schedule: '0 2 * * *', timezone: 'UTC', overdue: false });
      // A fire time the worker has not reached yet is overdue, not dropped.
      const late = await listUpcoming({ db, count: 1, now: at(50 * MIN) });
      expect(late[0]).toMatchObject({ taskKey: 'often', overdue: true });
      await expectAppError(listUpcoming({ db, count: 0 }), 'BAD_REQUEST');
    });
  });

  describe('run logs and one run', () => {
    it('pages a run’s logs after a seq and reads one run', async () => {
      const task = await create({ key: 'hist' });
      const worker = await db.worker.create({
        data: { id: 'w-1', name: 'box-1', host: 'box', pid: 1, version: '0', concurrency: 1 },
      });
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) {
        const run = await db.run.create({
          data: {
            taskId: task.id,
            trigger: 'schedule',
            status: 'failed',
            createdAt: at(i * MIN),
            scheduledFor: at(i * MIN),
            workerId: worker.id,
            exitCode: 1,
            error: 'boom',
          },
        });
        ids.push(run.id);
      }
      const runId = ids[4]!;
      await db.run.update({ where: { id: runId }, data: { status: 'running' } });
      await db.runLog.createMany({
        data: [
          { runId, seq: 1, stream: 'stdout', data: 'one\n' },
          { runId, seq: 2, stream: 'stderr', data: 'two\n' },
        ],
      });
      const first = await getRunLogs({ db, runId });
      expect(first).toMatchObject({ status: 'running', lastSeq: 2, complete: false });
      expect(first.chunks.map((c) => [c.seq, c.stream, c.data])).toEqual([
        [1, 'stdout', 'one\n'],
        [2, 'stderr', 'two\n'],
      ]);
      expect(await getRunLogs({ db, runId, afterSeq: 2 })).toMatchObject({ chunks: [], lastSeq: 2, complete: false });
      await db.runLog.create({ data: { runId, seq: 3, stream: 'system', data: 'exit 0\n' } });
      await db.run.update({ where: { id: runId }, data: { status: 'succeeded' } });
      const rest = await getRunLogs({ db, runId, afterSeq: 2 });
      expect(rest).toMatchObject({ status: 'succeeded', lastSeq: 3, complete: true });
      expect(rest.chunks.map((c) => c.data)).toEqual(['exit 0\n']);
      // A page that is full is not the end, even for a finished run.
      expect(await getRunLogs({ db, runId, limit: 3 })).toMatchObject({ complete: false, lastSeq: 3 });

      const retry = await db.run.create({ data: { taskId: task.id, trigger: 'retry', attempt: 2, retryOfId: ids[3]! } });
      expect(await getRun({ db, runId: ids[3]! })).toMatchObject({
        finished: true,
        retryRunId: retry.id,
        workerName: 'box-1',
        taskKey: 'hist',
      });
      await expectAppError(getRun({ db, runId: 999_999 }), 'NOT_FOUND');
    });
  });

  describe('pruneHistory', () => {
    const NOW = at(100 * DAY);
    async function addRun(taskId: number, daysAgo: number, status = 'succeeded', logs = 2): Promise<number> {
      const createdAt = new Date(NOW.getTime() - daysAgo * DAY);
      const run = await db.run.create({ data: { taskId, trigger: 'schedule', status, createdAt, scheduledFor: createdAt } });
      if (logs > 0) {
        await db.runLog.createMany({
          data: Array.from({ length: logs }, (_, i) => ({ runId: run.id, seq: i + 1, stream: 'stdout', data: `line ${i}\n` })),
        });
      }
      return run.id;
    }

    it('deletes old finished runs and their logs in batches, keeping the newest 20 per task and unfinished runs; dry run only counts', async () => {
      const busy = await create({ key: 'busy' });
      const quiet = await create({ key: 'quiet' });
      const fresh = await create({ key: 'fresh' });
      // busy: 3 recent runs, 30 old finished ones (40..69 days ago), and an
      // ancient queued and running run that must survive any prune.
      const recent = [await addRun(busy.id, 1), await addRun(busy.id, 2), await addRun(busy.id, 3)];
      const old: number[] = [];
      for (let d = 40; d < 70; d++) old.push(await addRun(busy.id, d, d % 3 === 0 ? 'failed' : 'succeeded'));
      const queued = await addRun(busy.id, 90, 'queued', 0);
      const running = await addRun(busy.id, 91, 'running', 1);
      // quiet: only 5 runs, all old: the newest 20 of a task always stay.
      for (let d = 50; d < 55; d++) await addRun(quiet.id, d);
      // fresh: 25 runs inside the retention window.
      for (let i = 0; i < 25; i++) await addRun(fresh.id, 5 + i / 10);

      // busy keeps its 3 recent + the 17 newest old runs; 13 old runs go.
      const doomed = old.slice(17);
      const dry = await pruneHistory({ db, retentionDays: 30, dryRun: true, now: NOW, batchSize: 5 });
      expect(dry).toMatchObject({ runs: 13, logs: 26, batches: 0 });
      expect(await db.run.count()).toBe(3 + 30 + 2 + 5 + 25);

      const result = await pruneHistory({ db, retentionDays: 30, now: NOW, batchSize: 5 });
      expect(result).toMatchObject({ runs: 13, logs: 26, batches: 3 });
      expect(result.cutoff).toEqual(at(70 * DAY));
      const left = new Set((await db.run.findMany({ where: { taskId: busy.id }, select: { id: true } })).map((r) => r.id));
      for (const id of doomed) expect(left.has(id)).toBe(false);
      for (const id of [...recent, ...old.slice(0, 17), queued, running]) expect(left.has(id)).toBe(true);
      expect(await db.runLog.count({ where: { runId: running } })).toBe(1);
      expect(await db.run.count({ where: { taskId: quiet.id } })).toBe(5);
      expect(await db.run.count({ where: { taskId: fresh.id } })).toBe(25);

      // Nothing left to do; a second prune is a no-op.
      expect(await pruneHistory({ db, retentionDays: 30, now: NOW })).toMatchObject({ runs: 0, logs: 0, batches: 0 });
      await expectAppError(pruneHistory({ db, retentionDays: 0 }), 'BAD_REQUEST');
    });
  });
});
