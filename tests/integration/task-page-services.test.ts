// The task page's services against a real database (SQLite file or PostgreSQL):
// duplicate, stats over real inserted runs (success rate, mean, p95), paginated
// history, and saving the whole edit form.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { duplicateTask } from '../../server/tasks/duplicate-task';
import { getTaskDetail } from '../../server/tasks/get-task-detail';
import { getTaskStats } from '../../server/tasks/get-task-stats';
import { listTaskRuns } from '../../server/tasks/list-task-runs';
import { saveTask } from '../../server/tasks/save-task';
import type { TaskInput } from '../../server/tasks/schemas';
import { tester } from './helpers/actors';
import { expectAppError } from './helpers/app-error';
import { createShellTask } from './helpers/tasks';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const actor = tester;
const T0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe(`task page services on ${provider}`, () => {
  const testDb = useTestDatabase();
  let db: Db;

  const create = (input: Partial<TaskInput> & { key: string }) => createShellTask(db, input, { actor, source: 'ui', now: T0 });

  async function insertRun(taskId: number, i: number, status: string, durationMs: number | null, error: string | null = null) {
    return db.run.create({
      data: {
        taskId,
        trigger: 'manual',
        status,
        createdAt: at(i * 1000),
        startedAt: durationMs === null ? null : at(i * 1000),
        finishedAt: durationMs === null ? null : at(i * 1000 + durationMs),
        durationMs,
        error,
        exitCode: status === 'failed' ? 1 : status === 'succeeded' ? 0 : null,
      },
    });
  }

  beforeAll(() => {
    db = testDb.db;
  });
  beforeEach(() => testDb.reset(['task', 'event']));

  describe('duplicateTask', () => {
    it('copies fields, labels and policies under key-copy with "(copy)" in the name, in Todo, without runs', async () => {
      const original = await create({
        key: 'nightly',
        name: 'Nightly backup',
        description: 'Backs **up**',
        schedule: '0 2 * * *',
        timezone: 'Europe/Paris',
        priority: 'high',
        maxRetries: 3,
        env: { A: '1' },
        labels: ['ops', 'db'],
        assignee: 'ana',
      });
      await db.task.update({ where: { id: original.id }, data: { status: 'in_review' } });
      await insertRun(original.id, 1, 'succeeded', 100);

      const copy = await duplicateTask({ db, key: 'nightly', actor, source: 'ui', defaultTimezone: 'UTC', now: T0 });
      expect(copy).toMatchObject({
        key: 'nightly-copy',
        name: 'Nightly backup (copy)',
        status: 'todo',
        schedule: '0 2 * * *',
        timezone: 'Europe/Paris',
        priority: 'high',
        maxRetries: 3,
        assignee: 'ana',
        version: 1,
      });
      expect(copy.labels.map((l) => l.name).sort()).toEqual(['db', 'ops']);
      const detail = await getTaskDetail({ db, key: 'nightly-copy' });
      expect(detail.input).toMatchObject({ description: 'Backs **up**', env: { A: '1' }, command: 'true' });
      expect(await db.run.count({ where: { taskId: copy.id } })).toBe(0);
      expect(await db.event.count({ where: { taskKey: 'nightly-copy', type: 'task.created' } })).toBe(1);

      // A second copy does not collide with the first.
      const again = await duplicateTask({ db, key: 'nightly', actor, source: 'ui', defaultTimezone: 'UTC', now: T0 });
      expect(again.key).toBe('nightly-copy-2');
    });

    it('keeps a long key within 80 characters and says NOT_FOUND for an unknown task', async () => {
      const long = 'k'.repeat(80);
      await create({ key: long });
      const copy = await duplicateTask({ db, key: long, actor, source: 'ui', defaultTimezone: 'UTC', now: T0 });
      expect(copy.key).toHaveLength(80);
      expect(copy.key.endsWith('-copy')).toBe(true);
      expect((await expectAppError(duplicateTask({ db, key: 'nope', actor, source: 'ui', defaultTimezone: 'UTC' }))).code).toBe('NOT_FOUND');
    });
  });

  describe('getTaskStats', () => {
    it('computes success rate, mean, p95 and the last failure over real runs', async () => {
      const task = await create({ key: 'stats' });
      // 20 timed runs: durations 100, 200, ..., 2000 ms; runs 5 and 12 failed, 17 timed out.
      for (let i = 1; i <= 20; i++) {
        const status = i === 5 || i === 12 ? 'failed' : i === 17 ? 'timed_out' : 'succeeded';
        await insertRun(task.id, i, status, i * 100, status === 'succeeded' ? null : `boom ${i}`);
      }
      // Not outcomes: a cancelled queued run and a queued run (no duration).
      await insertRun(task.id, 21, 'cancelled', null);
      await insertRun(task.id, 22, 'queued', null);
      // Another task's runs never count.
      const other = await create({ key: 'other' });
      await insertRun(other.id, 1, 'failed', 99_999, 'not mine');

      const stats = await getTaskStats({ db, taskKey: 'stats' });
      expect(stats.outcomes).toBe(20);
      expect(stats.succeeded).toBe(17);
      expect(stats.successRate).toBeCloseTo(0.85, 5);
      expect(stats.timedRuns).toBe(20);
      expect(stats.meanDurationMs).toBe(1050);
      // Nearest rank: ceil(0.95 × 20) = 19th smallest = 1900 ms.
      expect(stats.p95DurationMs).toBe(1900);
      expect(stats.lastFailure).toMatchObject({ status: 'timed_out', error: 'boom 17', at: at(17_000 + 1700) });
      expect(stats.recent).toHaveLength(20);
      expect(stats.recent[0]).toMatchObject({ durationMs: 100, status: 'succeeded' });
      expect(stats.recent[19]).toMatchObject({ durationMs: 2000 });
    });

    it('is empty but well-formed for a task without runs', async () => {
      await create({ key: 'fresh' });
      expect(await getTaskStats({ db, taskKey: 'fresh' })).toEqual({
        outcomes: 0,
        succeeded: 0,
        successRate: null,
        timedRuns: 0,
        meanDurationMs: null,
        p95DurationMs: null,
        lastFailure: null,
        recent: [],
      });
    });
  });

  describe('listTaskRuns', () => {
    it('pages newest first with a total, and refuses a bad page size', async () => {
      const task = await create({ key: 'paged' });
      const ids: number[] = [];
      for (let i = 1; i <= 45; i++) ids.push((await insertRun(task.id, i, 'succeeded', 10)).id);
      const newestFirst = [...ids].reverse();

      const first = await listTaskRuns({ db, taskKey: 'paged', pageSize: 20 });
      expect(first).toMatchObject({ page: 1, pageSize: 20, total: 45, pageCount: 3 });
      expect(first.items.map((r) => r.id)).toEqual(newestFirst.slice(0, 20));
      // Keyset pages (the task page's pager): follow the older cursors, then come back.
      const second = await listTaskRuns({ db, taskKey: 'paged', cursor: first.older, pageSize: 20 });
      expect(second).toMatchObject({ page: 2, pageCount: 3 });
      const third = await listTaskRuns({ db, taskKey: 'paged', cursor: second.older, pageSize: 20 });
      expect(third.items.map((r) => r.id)).toEqual(newestFirst.slice(40));
      expect(third).toMatchObject({ page: 3, older: null });
      const back = await listTaskRuns({ db, taskKey: 'paged', cursor: third.newer, pageSize: 20 });
      expect(back.items.map((r) => r.id)).toEqual(newestFirst.slice(20, 40));
      const top = await listTaskRuns({ db, taskKey: 'paged', cursor: back.newer, pageSize: 20 });
      expect(top).toMatchObject({ page: 1, newer: null });
      expect(top.items.map((r) => r.id)).toEqual(newestFirst.slice(0, 20));
      // Runs with the same createdAt are told apart by id, never skipped nor repeated.
      const ties = await create({ key: 'ties' });
      const tied: number[] = [];
      for (let i = 0; i < 5; i++) tied.push((await insertRun(ties.id, 1, 'succeeded', 10)).id);
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const p: Awaited<ReturnType<typeof listTaskRuns>> = await listTaskRuns({ db, taskKey: 'ties', cursor, pageSize: 2 });
        seen.push(...p.items.map((r) => r.id));
        cursor = p.older;
      } while (cursor);
      expect(seen).toEqual([...tied].reverse());
      const bogus = await expectAppError(listTaskRuns({ db, taskKey: 'paged', cursor: 'page-4' }));
      expect(bogus.message).toMatch(/cursor: 'page-4' is not a history cursor/);

      const bad = await expectAppError(listTaskRuns({ db, taskKey: 'paged', pageSize: 1000 }));
      expect(bad.message).toMatch(/pageSize must be a whole number from 1 to 100, got 1000/);
    });
  });

  describe('saveTask', () => {
    it('saves the whole form, clears fields the form left out and refuses a stale version', async () => {
      await create({ key: 'form', cwd: '/tmp', env: { A: '1' }, assignee: 'ana', timeoutSeconds: 60 });
      const detail = await getTaskDetail({ db, key: 'form' });
      const { cwd: _cwd, env: _env, assignee: _assignee, ...rest } = detail.input;
      const saved = await saveTask({ db, key: 'form', input: { ...rest, name: 'Form task' }, actor, defaultTimezone: 'UTC', expectedVersion: 1, now: T0 });
      expect(saved).toMatchObject({ name: 'Form task', version: 2, assignee: null, timeoutSeconds: 60 });
      const row = await db.task.findUniqueOrThrow({ where: { key: 'form' } });
      expect(row).toMatchObject({ cwd: null, env: null, assignee: null });

      const stale = await expectAppError(saveTask({ db, key: 'form', input: detail.input, actor, defaultTimezone: 'UTC', expectedVersion: 1, now: T0 }));
      expect(stale.code).toBe('CONFLICT');
    });
  });
});
