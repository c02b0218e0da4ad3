// The runs and activity views' services against a real database (SQLite file or
// PostgreSQL): keyset pagination returns every run exactly once, filters and
// counts agree, bulk retry and cancel report what happened to each run, and the
// activity feed filters by task, type and actor.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { listEvents } from '../../server/events/list-events';
import { cancelRuns } from '../../server/runs/cancel-runs';
import { countRuns } from '../../server/runs/count-runs';
import { listRuns } from '../../server/runs/list-runs';
import { retryRuns } from '../../server/runs/retry-runs';
import type { RunFilters } from '../../server/runs/schemas';
import { createTask } from '../../server/tasks/create-task';
import { tester, workerActor } from './helpers/actors';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const actor = tester;
const T0 = new Date('2026-01-01T00:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'skipped'] as const;
const TRIGGERS = ['schedule', 'manual', 'retry', 'api'] as const;

describe(`runs and activity views on ${provider}`, () => {
  const testDb = useTestDatabase();
  let db: Db;
  const taskIds: Record<string, number> = {};

  beforeAll(async () => {
    db = testDb.db;
    for (const key of ['alpha', 'beta']) {
      const task = await createTask({
        db,
        input: { key, name: key, kind: 'shell', command: 'true' },
        actor,
        source: 'cli',
        defaultTimezone: 'UTC',
        now: T0,
      });
      taskIds[key] = task.id;
    }
  });
  beforeEach(() => testDb.reset(['run', 'event']));

  /** 140 runs: statuses, triggers and tasks cycling, one minute apart; some share a createdAt. */
  async function seedRuns(n = 140) {
    await db.run.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        taskId: i % 3 === 0 ? taskIds.beta! : taskIds.alpha!,
        status: STATUSES[i % STATUSES.length]!,
        trigger: TRIGGERS[i % TRIGGERS.length]!,
        createdAt: at(Math.floor(i / 2)),
        availableAt: at(Math.floor(i / 2)),
        ...(STATUSES[i % STATUSES.length] === 'running' ? { startedAt: at(i) } : {}),
      })),
    });
    return db.run.findMany({ orderBy: { id: 'asc' }, include: { task: true } });
  }

  async function allPages(filters: RunFilters, limit: number) {
    const seen: number[] = [];
    let cursor: number | null = null;
    let pages = 0;
    do {
      const page = await listRuns({ db, filters, cursor, limit });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
      pages++;
      expect(pages).toBeLessThan(100);
    } while (cursor !== null);
    return { seen, pages };
  }

  it('pages through every run exactly once, newest first, with no page past the last', async () => {
    const runs = await seedRuns();
    const { seen, pages } = await allPages({}, 25);
    expect(seen).toHaveLength(runs.length);
    expect(new Set(seen).size).toBe(runs.length);
    expect(seen).toEqual(runs.map((r) => r.id).reverse());
    expect(pages).toBe(Math.ceil(runs.length / 25));
    // Exactly a page's worth: the last page says there is no next one.
    const exact = await listRuns({ db, limit: runs.length });
    expect(exact.items).toHaveLength(runs.length);
    expect(exact.nextCursor).toBeNull();
  });

  it('stays exact when runs are added while paging (new runs land before page 1, not in the middle)', async () => {
    const runs = await seedRuns(60);
    const first = await listRuns({ db, limit: 20 });
    await db.run.create({ data: { taskId: taskIds.alpha!, trigger: 'manual' } });
    const seen = [...first.items.map((r) => r.id)];
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const page = await listRuns({ db, cursor, limit: 20 });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(runs.map((r) => r.id).reverse());
  });

  it('filters by status, task, trigger and time range, each page and the counts agreeing', async () => {
    const runs = await seedRuns();
    const cases: RunFilters[] = [
      { status: 'failed' },
      { taskKey: 'beta' },
      { trigger: 'api' },
      { from: at(10), to: at(30) },
      { status: 'succeeded', taskKey: 'alpha', trigger: 'schedule' },
      { taskKey: 'no-such-task' },
    ];
    for (const filters of cases) {
      const expected = runs
        .filter(
          (r) =>
            (!filters.status || r.status === filters.status) &&
            (!filters.taskKey || r.task.key === filters.taskKey) &&
            (!filters.trigger || r.trigger === filters.trigger) &&
            (!filters.from || r.createdAt >= filters.from) &&
            (!filters.to || r.createdAt < filters.to),
        )
        .map((r) => r.id)
        .reverse();
      const { seen } = await allPages(filters, 7);
      expect(seen, JSON.stringify(filters)).toEqual(expected);
      const counts = await countRuns({ db, filters });
      if (filters.status) expect(counts.byStatus[filters.status]).toBe(expected.length);
      else expect(counts.total).toBe(expected.length);
    }
  });

  it('counts every status, zero included, ignoring the status filter', async () => {
    await seedRuns(14);
    const counts = await countRuns({ db, filters: { status: 'failed' } });
    expect(counts.total).toBe(14);
    expect(counts.byStatus).toEqual({ queued: 2, running: 2, succeeded: 2, failed: 2, timed_out: 2, cancelled: 2, skipped: 2 });
    const none = await countRuns({ db, filters: { taskKey: 'nobody' } });
    expect(none.total).toBe(0);
    expect(none.byStatus.queued).toBe(0);
  });

  it('stops counting at the limit: exact below it, the limit ("10,000+") at or past it, the total too', async () => {
    await seedRuns(140); // 20 of each status; beta has every third run (47), 6 or 7 of each status
    const capped = await countRuns({ db, limit: 10 });
    expect(capped).toEqual({
      byStatus: { queued: 10, running: 10, succeeded: 10, failed: 10, timed_out: 10, cancelled: 10, skipped: 10 },
      total: 10,
      limit: 10,
    });
    // Each status under the limit is exact; their sum past it caps the total only.
    const beta = await countRuns({ db, filters: { taskKey: 'beta' }, limit: 10 });
    expect(Object.values(beta.byStatus).every((n) => n === 6 || n === 7)).toBe(true);
    expect(Object.values(beta.byStatus).reduce((a, b) => a + b, 0)).toBe(47);
    expect(beta.total).toBe(10);
    const mixed = await countRuns({ db, filters: { taskKey: 'beta' }, limit: 7 });
    expect(Object.values(mixed.byStatus).filter((n) => n === 7)).toHaveLength(5);
    expect(Object.values(mixed.byStatus).filter((n) => n === 6)).toHaveLength(2);
    // The default limit is far above a small board's history: exact counts.
    const exact = await countRuns({ db });
    expect(exact.total).toBe(140);
    expect(exact.limit).toBe(10_000);
  });

  it("gives each run that did not succeed the first line of its first stderr chunk, for the Error column", async () => {
    await testDb.reset(['runLog', 'run', 'event']);
    const run = (status: string) =>
      db.run.create({ data: { taskId: taskIds.alpha!, status, trigger: 'manual', createdAt: T0, availableAt: T0, finishedAt: T0 } });
    const failed = await run('failed');
    const quiet = await run('timed_out');
    const ok = await run('succeeded');
    await db.runLog.createMany({
      data: [
        { runId: failed.id, seq: 0, stream: 'stdout', data: 'starting\n' },
        { runId: failed.id, seq: 1, stream: 'stderr', data: '\n  quota exceeded on /data  \nsecond line\n' },
        { runId: failed.id, seq: 2, stream: 'stderr', data: 'a later chunk\n' },
        { runId: quiet.id, seq: 0, stream: 'stdout', data: 'only stdout\n' },
        { runId: ok.id, seq: 0, stream: 'stderr', data: 'a warning\n' },
      ],
    });
    const page = await listRuns({ db, stderrLines: true });
    const lineOf = (id: number) => page.items.find((r) => r.id === id)?.stderrLine;
    expect(lineOf(failed.id)).toBe('quota exceeded on /data');
    expect(lineOf(quiet.id)).toBeNull();
    // A success's stderr is not an error.
    expect(lineOf(ok.id)).toBeNull();
    // Without the option (REST, CLI) the rows are as before.
    expect((await listRuns({ db })).items.every((r) => !('stderrLine' in r))).toBe(true);
  });

  it('retries finished runs as new manual runs linked to the original, and leaves unfinished ones', async () => {
    const runs = await seedRuns(7);
    const byStatus = Object.fromEntries(runs.map((r) => [r.status, r]));
    const ids = [byStatus.failed!.id, byStatus.succeeded!.id, byStatus.queued!.id, byStatus.running!.id, 99_999];
    const result = await retryRuns({ db, runIds: ids, actor, now: at(500) });
    expect(result).toMatchObject({ queued: 2, notFinished: 2, notFound: 1 });
    const created = await db.run.findMany({ where: { retryOfId: { not: null } }, orderBy: { id: 'asc' } });
    expect(created.map((r) => [r.retryOfId, r.status, r.trigger, r.attempt, r.requestedBy, r.taskId])).toEqual([
      [byStatus.failed!.id, 'queued', 'manual', 1, 'tester', byStatus.failed!.taskId],
      [byStatus.succeeded!.id, 'queued', 'manual', 1, 'tester', byStatus.succeeded!.taskId],
    ]);
    expect(result.results.find((r) => r.runId === byStatus.failed!.id)?.newRunId).toBe(created[0]!.id);
    const events = await db.event.findMany({ where: { type: 'run.queued' } });
    expect(events).toHaveLength(2);
  });

  it('cancels queued runs, asks workers to stop running ones, and reports finished and missing ones', async () => {
    const runs = await seedRuns(7);
    const byStatus = Object.fromEntries(runs.map((r) => [r.status, r]));
    const result = await cancelRuns({
      db,
      runIds: [byStatus.queued!.id, byStatus.running!.id, byStatus.succeeded!.id, byStatus.failed!.id, 99_999],
      actor,
    });
    expect(result).toMatchObject({ cancelled: 1, cancelRequested: 1, alreadyFinished: 2, notFound: 1 });
    const after = await db.run.findMany({
      where: { id: { in: [byStatus.queued!.id, byStatus.running!.id] } },
      orderBy: { id: 'asc' },
    });
    const queued = after.find((r) => r.id === byStatus.queued!.id)!;
    const running = after.find((r) => r.id === byStatus.running!.id)!;
    expect(queued.status).toBe('cancelled');
    expect(running.status).toBe('running');
    expect(running.cancelRequestedAt).not.toBeNull();
  });

  it('lists events newest first, paginated, filtered by task, type family or exact type, and actor, each readable', async () => {
    const worker = workerActor('w', 'w1');
    const rows = [];
    for (let i = 0; i < 30; i++) {
      const key = i % 2 === 0 ? 'alpha' : 'beta';
      rows.push({
        type: ['run.started', 'run.failed', 'task.updated'][i % 3]!,
        actorType: i % 3 === 2 ? 'user' : 'worker',
        actorName: i % 3 === 2 ? actor.name : worker.name,
        taskId: taskIds[key]!,
        taskKey: key,
        runId: i % 3 === 2 ? null : 100 + i,
        payload: {},
        at: at(i),
      });
    }
    await db.event.createMany({ data: rows });
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const page = await listEvents({ db, cursor, limit: 8 });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(30);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);

    const beta = await listEvents({ db, taskKey: 'beta', limit: 100 });
    expect(beta.items).toHaveLength(15);
    expect(beta.items.every((e) => e.taskKey === 'beta')).toBe(true);
    const runFamily = await listEvents({ db, type: 'run', limit: 100 });
    expect(runFamily.items).toHaveLength(20);
    const failed = await listEvents({ db, type: 'run.failed', actor: 'w1', limit: 100 });
    expect(failed.items).toHaveLength(10);
    const byTester = await listEvents({ db, actor: 'tester', limit: 100 });
    expect(byTester.items.map((e) => e.type)).toEqual(Array(10).fill('task.updated'));
    const started = (await listEvents({ db, type: 'run.started', limit: 1 })).items[0]!;
    expect(started.summary).toBe(`worker w1 started run #${started.runId} of ${started.taskKey}`);
    expect(byTester.items[0]!.summary).toBe(`tester updated ${byTester.items[0]!.taskKey}`);
  });
});
