import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { optimizeDatabase } from '../../server/db/optimize';
import { claimAndStartRuns } from '../../server/queue/claim-and-start-runs';
import { finishRuns } from '../../server/queue/finish-runs';
import { attachDirect } from '../../server/queue/plan';
import { recordRunStarts } from '../../server/queue/record-run-starts';
import { renewLeases } from '../../server/queue/renew-leases';
import { queueRuns } from '../../server/queue/queue-runs';
import type { TaskInput } from '../../server/tasks/schemas';
import type { CronboardWorker } from '../../worker/worker';
import { waitFor } from './helpers/processes';
import { workerActor } from './helpers/actors';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, makeTask, testConfig } from './helpers/worker-harness';

const provider = testProvider();
const actor = workerActor('w-batch', 'batch worker');

// The worker runs the queue on a direct connection (server/queue/plan.ts), the app and CLI through Prisma: both are covered.
for (const direct of [false, true])
  describe(`batched start and finish on ${provider}${direct ? ' (direct connection)' : ''}`, () => {
    let detach: (() => void) | null = null;
    const testDb = useTestDatabase();
    let worker: CronboardWorker | null = null;

    beforeAll(async () => {
      if (direct) detach = attachDirect(testDb.db, testDb.url);
      await testDb.db.worker.create({
        data: { id: actor.id!, name: actor.name, host: 'h', pid: 1, version: 't', concurrency: 10 },
      });
    });
    afterEach(async () => {
      await worker?.stop('test over', 2000);
      worker = null;
      await testDb.reset(['event', 'run', 'task']);
    });
    afterAll(async () => {
      detach?.();
    });

    /** Queues `n` manual runs of a fresh task and claims and starts them all (the worker's claim path). */
    async function startMany(key: string, n: number, extra: Partial<TaskInput> = {}) {
      const task = await makeTask(testDb.db, { key, overlap: 'allow', maxInstances: 100, ...extra });
      await queueRuns({ db: testDb.db, task: { key }, trigger: 'manual', actor: SYSTEM_ACTOR, times: n });
      const { runs: started, claimed } = await claimAndStartRuns({ db: testDb.db, workerId: actor.id!, limit: n, leaseSeconds: 30, actor });
      expect(claimed).toBe(n);
      expect(started).toHaveLength(n);
      await recordRunStarts({ db: testDb.db, started, actor });
      return { task, started };
    }

    const eventsOf = (taskId: number) => testDb.db.event.findMany({ where: { taskId }, orderBy: { id: 'asc' } });

    it('the cancel check between renewals reads the held runs and extends nothing; the renewal extends only the runs still held', async () => {
      const { started } = await startMany('leases', 3);
      const [a, b, c] = started;
      await testDb.db.run.update({ where: { id: a!.id }, data: { cancelRequestedAt: new Date() } });
      await testDb.db.run.update({ where: { id: b!.id }, data: { claimToken: 'someone-else' } }); // taken over
      const leases = async () =>
        new Map((await testDb.db.run.findMany({ where: { id: { in: [a!.id, b!.id, c!.id] } } })).map((r) => [r.id, r.leaseExpiresAt!.getTime()]));
      const before = await leases();
      const held = started.map((r) => ({ id: r.id, claimToken: r.claimToken }));
      const later = new Date(Date.now() + 60_000);

      const looked = await renewLeases({ db: testDb.db, held, leaseSeconds: 30, extend: false, now: later });
      expect(looked).toEqual({ cancelRequested: [a!.id], lost: [b!.id] });
      expect(await leases()).toEqual(before);

      const renewed = await renewLeases({ db: testDb.db, held, leaseSeconds: 30, now: later });
      expect(renewed).toEqual({ cancelRequested: [a!.id], lost: [b!.id] });
      const after = await leases();
      for (const id of [a!.id, c!.id]) expect(after.get(id)).toBe(later.getTime() + 30_000);
      expect(after.get(b!.id)).toBe(before.get(b!.id));
    });

    it('refuses a zombie completion inside a batch and writes nothing for it, while the rest of the batch is accepted', async () => {
      const { started } = await startMany('zombie', 3);
      const [a, b, c] = started;
      // b's lease was taken over: another claim holds it now.
      await testDb.db.run.update({ where: { id: b!.id }, data: { claimToken: 'someone-else' } });
      const results = await finishRuns({
        db: testDb.db,
        actor,
        items: [a!, b!, c!].map((r) => ({
          runId: r.id,
          claimToken: r.claimToken,
          outcome: { status: 'succeeded' as const, exitCode: 0 },
          logs: [{ seq: 1, stream: 'system', data: `end of ${r.id}` }],
        })),
      });
      expect(results.map((r) => r.accepted)).toEqual([true, false, true]);
      const runs = await testDb.db.run.findMany({ where: { id: { in: [a!.id, b!.id, c!.id] } }, orderBy: { id: 'asc' } });
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'running', 'succeeded']);
      expect(runs[1]!.claimToken).toBe('someone-else');
      expect(runs[0]!.finishedAt).not.toBeNull();
      expect(runs[0]!.durationMs).toBeGreaterThanOrEqual(0);
      // The zombie's end line and event are not stored; the others' are.
      const logs = await testDb.db.runLog.findMany({ orderBy: { runId: 'asc' } });
      expect(logs.map((l) => [l.runId, l.data])).toEqual([
        [a!.id, `end of ${a!.id}`],
        [c!.id, `end of ${c!.id}`],
      ]);
      const finishedEvents = await testDb.db.event.findMany({ where: { type: 'run.succeeded' } });
      expect(finishedEvents.map((e) => e.runId).sort()).toEqual([a!.id, c!.id].sort());
      // Finishing again with the old token is refused too (exactly once).
      const again = await finishRuns({
        db: testDb.db,
        actor,
        items: [{ runId: a!.id, claimToken: a!.claimToken, outcome: { status: 'failed' } }],
      });
      expect(again[0]!.accepted).toBe(false);
      expect((await testDb.db.run.findUnique({ where: { id: a!.id } }))!.status).toBe('succeeded');
    });

    it('many runs of one task in one batch: one event per transition, the card moves once, lastRun from the last run', async () => {
      const { task, started } = await startMany('many', 5);
      // Started: Todo → In progress once, five run.started.
      let events = await eventsOf(task.id);
      expect(events.filter((e) => e.type === 'run.started')).toHaveLength(5);
      expect(events.filter((e) => e.type === 'task.moved').map((e) => e.payload)).toEqual([
        { from: 'todo', to: 'in_progress', reason: 'run started' },
      ]);

      // Four finish in one batch while the fifth still runs: the card stays In progress.
      const first = started.slice(0, 4);
      const outcomes = ['succeeded', 'failed', 'succeeded', 'succeeded'] as const;
      const res = await finishRuns({
        db: testDb.db,
        actor,
        items: first.map((r, i) => ({
          runId: r.id,
          claimToken: r.claimToken,
          outcome: { status: outcomes[i]!, error: outcomes[i] === 'failed' ? 'boom' : null },
        })),
      });
      expect(res.every((r) => r.accepted && r.retryRunId === null)).toBe(true);
      let fresh = await testDb.db.task.findUniqueOrThrow({ where: { id: task.id } });
      expect(fresh.status).toBe('in_progress');
      expect(fresh.lastRunStatus).toBe('succeeded');
      events = await eventsOf(task.id);
      expect(events.filter((e) => e.type === 'task.moved')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'run.succeeded')).toHaveLength(3);
      expect(events.filter((e) => e.type === 'run.failed')).toHaveLength(1);

      // The last one fails with no retries left: In review, one more task.moved, lastRun is that run.
      const last = started[4]!;
      await finishRuns({
        db: testDb.db,
        actor,
        items: [{ runId: last.id, claimToken: last.claimToken, outcome: { status: 'failed', error: 'exit 1' } }],
      });
      fresh = await testDb.db.task.findUniqueOrThrow({ where: { id: task.id } });
      const lastRun = await testDb.db.run.findUniqueOrThrow({ where: { id: last.id } });
      expect(fresh.status).toBe('in_review');
      expect(fresh.lastRunStatus).toBe('failed');
      expect(fresh.lastRunAt?.getTime()).toBe(lastRun.startedAt?.getTime());
      // Two moves by the worker: the board's version, never the definition's (a form edit based on it still saves).
      expect(fresh.boardVersion).toBe(task.boardVersion + 2);
      expect(fresh.version).toBe(task.version);
      events = await eventsOf(task.id);
      expect(events.filter((e) => e.type === 'task.moved').map((e) => e.payload)).toEqual([
        { from: 'todo', to: 'in_progress', reason: 'run started' },
        { from: 'in_progress', to: 'in_review', reason: 'run failed' },
      ]);
      // Order of one run's events: queued, started, then its end.
      const ofLast = events.filter((e) => e.runId === last.id).map((e) => e.type);
      expect(ofLast).toEqual(['run.queued', 'run.started', 'run.failed', 'task.moved']);
    });

    it('a failure with retries left queues the retry in the same batch and keeps the card In progress', async () => {
      const { task, started } = await startMany('retrying', 2, { maxRetries: 1, retryDelaySeconds: 60 });
      const res = await finishRuns({
        db: testDb.db,
        actor,
        items: started.map((r) => ({
          runId: r.id,
          claimToken: r.claimToken,
          outcome: { status: 'failed' as const, error: 'nope' },
        })),
        random: () => 0,
      });
      expect(res.every((r) => r.accepted && r.retryRunId !== null)).toBe(true);
      const retries = await testDb.db.run.findMany({ where: { trigger: 'retry' }, orderBy: { id: 'asc' } });
      expect(retries.map((r) => [r.retryOfId, r.attempt, r.status])).toEqual(started.map((s) => [s.id, 2, 'queued']));
      expect(retries[0]!.availableAt.getTime() - Date.now()).toBeGreaterThan(50_000);
      const fresh = await testDb.db.task.findUniqueOrThrow({ where: { id: task.id } });
      expect(fresh.status).toBe('in_progress');
      const events = await eventsOf(task.id);
      expect(events.filter((e) => e.type === 'run.retry_scheduled').map((e) => e.runId)).toEqual(retries.map((r) => r.id));
    });

    it('a batch over several tasks: each card moves at most once, to distinct top positions, and a refused run still counts as running', async () => {
      const parked = await makeTask(testDb.db, { key: 'mix-parked' });
      await testDb.db.task.update({ where: { id: parked.id }, data: { status: 'in_review', position: 5000 } });
      const tasks = [];
      for (const key of ['mix-a', 'mix-b', 'mix-c']) {
        tasks.push(await makeTask(testDb.db, { key, overlap: 'allow', maxInstances: 10 }));
        await queueRuns({ db: testDb.db, task: { key }, trigger: 'manual', actor: SYSTEM_ACTOR, times: key === 'mix-c' ? 2 : 1 });
      }
      const { runs: started } = await claimAndStartRuns({ db: testDb.db, workerId: actor.id!, limit: 10, leaseSeconds: 30, actor });
      await recordRunStarts({ db: testDb.db, started, actor });
      expect(started).toHaveLength(4);
      const [a, b, c] = tasks;
      const ofTask = (id: number) => started.filter((r) => r.task.id === id);
      // One of C's runs was taken over by another worker: its finish here is a zombie.
      const [c1, c2] = ofTask(c!.id);
      await testDb.db.run.update({ where: { id: c2!.id }, data: { claimToken: 'someone-else' } });
      const batch = [ofTask(b!.id)[0]!, c1!, ofTask(a!.id)[0]!, c2!];
      const res = await finishRuns({
        db: testDb.db,
        actor,
        items: batch.map((r) => ({
          runId: r.id,
          claimToken: r.claimToken,
          outcome: { status: 'succeeded' as const, exitCode: 0 },
        })),
      });
      expect(res.map((r) => r.accepted)).toEqual([true, true, true, false]);
      const fresh = await testDb.db.task.findMany({ where: { id: { in: tasks.map((t) => t.id) } }, orderBy: { id: 'asc' } });
      expect(fresh.map((t) => [t.key, t.status, t.lastRunStatus])).toEqual([
        ['mix-a', 'in_review', 'succeeded'],
        ['mix-b', 'in_review', 'succeeded'],
        ['mix-c', 'in_progress', 'succeeded'],
      ]);
      // Both moved cards go to the top of In review, above the card already there, each above the one moved before it in the batch, not on top of each other.
      const [fa, fb] = fresh;
      expect(fb!.position).toBeLessThan(5000);
      expect(fa!.position).toBeLessThan(fb!.position);
      expect(fa!.boardVersion).toBe(a!.boardVersion + 2);
      expect(fa!.version).toBe(a!.version);
      const moved = await testDb.db.event.findMany({
        where: { type: 'task.moved', actorName: actor.name },
        orderBy: { id: 'asc' },
      });
      expect(moved.map((e) => [e.taskKey, e.payload])).toEqual([
        ['mix-a', { from: 'todo', to: 'in_progress', reason: 'run started' }],
        ['mix-b', { from: 'todo', to: 'in_progress', reason: 'run started' }],
        ['mix-c', { from: 'todo', to: 'in_progress', reason: 'run started' }],
        ['mix-b', { from: 'in_progress', to: 'in_review', reason: 'run succeeded' }],
        ['mix-a', { from: 'in_progress', to: 'in_review', reason: 'run succeeded' }],
      ]);
      const ended = await testDb.db.event.findMany({ where: { type: 'run.succeeded' }, orderBy: { id: 'asc' } });
      expect(ended.map((e) => e.runId)).toEqual(batch.slice(0, 3).map((r) => r.id));
      expect(ended[0]!.payload).toMatchObject({ attempt: 1, exitCode: 0, error: null });
    });

    it('a claim never starts two runs of a no-overlap task in one batch, and records one run.started per started run', async () => {
      const task = await makeTask(testDb.db, { key: 'one-at-a-time', overlap: 'queue' });
      await queueRuns({ db: testDb.db, task: { key: task.key }, trigger: 'manual', actor: SYSTEM_ACTOR, times: 3 });
      const { runs: started } = await claimAndStartRuns({ db: testDb.db, workerId: actor.id!, limit: 10, leaseSeconds: 30, actor });
      await recordRunStarts({ db: testDb.db, started, actor });
      expect(started).toHaveLength(1);
      expect(started[0]!.task.key).toBe(task.key);
      const runs = await testDb.db.run.findMany({ where: { taskId: task.id }, orderBy: { id: 'asc' } });
      expect(runs.map((r) => r.status)).toEqual(['running', 'queued', 'queued']);
      const startedEvents = await testDb.db.event.findMany({ where: { type: 'run.started', taskId: task.id } });
      expect(startedEvents.map((e) => [e.runId, e.payload, e.actorName])).toEqual([[runs[0]!.id, { attempt: 1 }, actor.name]]);
      const moved = await testDb.db.event.findMany({ where: { type: 'task.moved', taskId: task.id } });
      expect(moved.map((e) => e.payload)).toEqual([{ from: 'todo', to: 'in_progress', reason: 'run started' }]);
    });

    it('a draining worker flushes its batched finishes before it reports stopped', async () => {
      const task = await makeTask(testDb.db, {
        key: 'drain-noop',
        kind: 'handler',
        handler: 'noop',
        overlap: 'allow',
        maxInstances: 100,
      });
      const ids = await queueRuns({ db: testDb.db, task: { key: task.key }, trigger: 'manual', actor: SYSTEM_ACTOR, times: 60 });
      worker = inProcessWorker(testDb.db, testConfig(testDb.url), { concurrency: 10 });
      await worker.start();
      await waitFor(
        async () => ((await testDb.db.run.count({ where: { status: 'succeeded' } })) >= 20 ? true : null),
        30_000,
        'runs to finish',
      );
      await worker.stop('test', 10_000);
      worker = null;
      // Nothing half-done: every run is finished or still queued, none running.
      const runs = await testDb.db.run.findMany({ where: { id: { in: ids } } });
      expect(runs.filter((r) => r.status === 'running')).toEqual([]);
      const succeeded = runs.filter((r) => r.status === 'succeeded');
      expect(succeeded.length).toBeGreaterThanOrEqual(20);
      // Each finished run has its duration, no log rows (a no-op run writes no output, so its
      // start and end lines are not stored: run-without-output.test.ts), and one start and one end event.
      expect(succeeded.filter((r) => r.durationMs === null || r.finishedAt === null)).toEqual([]);
      expect(await testDb.db.runLog.count({ where: { runId: { in: succeeded.map((r) => r.id) } } })).toBe(0);
      const events = await eventsOf(task.id);
      expect(events.filter((e) => e.type === 'run.started')).toHaveLength(succeeded.length);
      expect(events.filter((e) => e.type === 'run.succeeded')).toHaveLength(succeeded.length);
    });

    it.runIf(provider === 'sqlite')(
      'gives SQLite planner statistics after migrating and from the worker (PRAGMA optimize)',
      async () => {
        const tables = await testDb.db.$queryRawUnsafe<{ name: string }[]>(
          `SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'`,
        );
        expect(tables).toHaveLength(1); // created by the PRAGMA optimize after migrating
        const stats = async () => testDb.db.$queryRawUnsafe<{ tbl: string }[]>(`SELECT tbl FROM sqlite_stat1`).catch(() => []);
        await makeTask(testDb.db, { key: 'stats' });
        await queueRuns({ db: testDb.db, task: { key: 'stats' }, trigger: 'manual', actor: SYSTEM_ACTOR, times: 50 });
        await optimizeDatabase(testDb.db);
        expect((await stats()).map((r) => r.tbl)).toContain('Run');
      },
    );
  });
