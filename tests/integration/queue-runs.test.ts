// The one way to queue a run (server/queue/queue-runs.ts), on the provider
// under test, through Prisma (app, CLI) and through the worker's direct
// connection: what a run and its event look like for every trigger, a fire
// time recorded once, a caller's transaction that rolls back writing nothing,
// and (PostgreSQL) the NOTIFY that wakes workers arriving only at commit.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/auth/actor';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '../../server/db';
import { AppError } from '../../server/errors';
import { RUN_QUEUED_CHANNEL } from '../../server/queue/notify';
import { attachDirect, runPlan, sqlQuery } from '../../server/queue/plan';
import { writeTransaction } from '../../server/db/write-transaction';
import { queueRuns, queueRunsPlan } from '../../server/queue/queue-runs';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/test-db';
import { makeTask } from './helpers/worker-harness';

const provider = testProvider();
const alice: Actor = { type: 'user', id: 'u-alice', name: 'alice@example.com', role: 'operator' };
const NOW = new Date('2026-06-01T12:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

for (const direct of [false, true])
  describe(`queueRuns on ${provider}${direct ? ' (direct connection)' : ''}`, () => {
    let testDb: TestDatabase;
    let handle: DatabaseHandle;
    let detach: (() => void) | null = null;

    beforeAll(async () => {
      testDb = await createTestDatabase();
      await migrateDatabase({ url: testDb.url });
      handle = await openDatabase(testDb.url);
      if (direct) detach = attachDirect(handle.db, testDb.url);
    });
    afterEach(async () => {
      await handle.db.event.deleteMany({});
      await handle.db.run.deleteMany({});
      await handle.db.task.deleteMany({});
    });
    afterAll(async () => {
      detach?.();
      await handle?.close();
      await testDb?.drop();
    });

    const eventsOf = (runIds: number[]) => handle.db.event.findMany({ where: { runId: { in: runIds } }, orderBy: { id: 'asc' } });

    it('queues manual runs by key, in order, each with its run.queued event naming the person', async () => {
      const task = await makeTask(handle.db, { key: 'by-key', priority: 'high' });
      const ids = await queueRuns({
        db: handle.db,
        task: { key: 'by-key' },
        trigger: 'manual',
        times: 3,
        actor: alice,
        now: NOW,
      });
      expect(ids).toHaveLength(3);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      const runs = await handle.db.run.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
      expect(runs.map((r) => [r.taskId, r.status, r.trigger, r.attempt, r.basePriority, r.priority, r.requestedBy])).toEqual(
        ids.map(() => [task.id, 'queued', 'manual', 1, 2, 2, 'alice@example.com']),
      );
      expect(runs.map((r) => [r.availableAt.getTime(), r.createdAt.getTime(), r.scheduledFor, r.retryOfId])).toEqual(
        ids.map(() => [NOW.getTime(), NOW.getTime(), null, null]),
      );
      const events = await eventsOf(ids);
      expect(events.map((e) => [e.type, e.runId, e.taskId, e.taskKey, e.actorType, e.actorId, e.actorName, e.payload])).toEqual(
        ids.map((id) => ['run.queued', id, task.id, 'by-key', 'user', 'u-alice', 'alice@example.com', { trigger: 'manual' }]),
      );
      expect(events.every((e) => e.at.getTime() === NOW.getTime())).toBe(true);
    });

    it('records the trigger it is given (api) and finds the task by id as well', async () => {
      const task = await makeTask(handle.db, { key: 'by-id' });
      const [id] = await queueRuns({ db: handle.db, task: { id: task.id }, trigger: 'api', actor: alice, now: NOW });
      expect(await handle.db.run.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ taskId: task.id, trigger: 'api' });
      expect((await eventsOf([id!])).map((e) => [e.taskKey, e.payload])).toEqual([['by-id', { trigger: 'api' }]]);
    });

    it('says which task is missing, and which times is wrong, writing nothing', async () => {
      await expect(queueRuns({ db: handle.db, task: { key: 'nope' }, trigger: 'manual', actor: alice })).rejects.toThrow(
        new AppError('NOT_FOUND', "No task with key 'nope'"),
      );
      await expect(queueRuns({ db: handle.db, task: { id: 424242 }, trigger: 'manual', actor: alice })).rejects.toThrow(
        /No task with id 424242/,
      );
      await makeTask(handle.db, { key: 'x' });
      for (const times of [0, 1001, 1.5]) {
        await expect(queueRuns({ db: handle.db, task: { key: 'x' }, trigger: 'manual', times, actor: alice })).rejects.toThrow(
          `times must be a whole number from 1 to 1000, got ${times}`,
        );
      }
      expect(await handle.db.run.count()).toBe(0);
      expect(await handle.db.event.count({ where: { type: { startsWith: 'run.' } } })).toBe(0);
    });

    it("in one plan: the retry policy's retry, a Retry of a finished run, a schedule fire and a skipped fire, each with its event", async () => {
      const task = await makeTask(handle.db, { key: 'mixed', priority: 'low' });
      const [failed] = await queueRuns({ db: handle.db, task: { key: 'mixed' }, trigger: 'manual', actor: alice, now: NOW });
      const fire = later(-60_000);
      const runs = await runPlan(handle.db, () =>
        queueRunsPlan(
          provider,
          alice,
          [
            { task: { id: task.id }, trigger: 'retry', attempt: 2, retryOfId: failed!, availableAt: later(30_000), priority: 3 },
            { task: { key: 'mixed' }, trigger: 'manual', retryOfId: failed! },
            { task: { id: task.id }, trigger: 'schedule', scheduledFor: fire },
            { task: { id: task.id }, trigger: 'schedule', scheduledFor: later(-120_000), skipReason: 'skipped: busy' },
          ],
          NOW,
        ),
      );
      expect(runs.map((r) => [r.taskKey, r.status, r.retryOfId, r.scheduledFor?.getTime() ?? null])).toEqual([
        ['mixed', 'queued', failed, null],
        ['mixed', 'queued', failed, null],
        ['mixed', 'queued', null, fire.getTime()],
        ['mixed', 'skipped', null, later(-120_000).getTime()],
      ]);
      const ids = runs.map((r) => r.id);
      const rows = await handle.db.run.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
      expect(
        rows.map((r) => [
          r.trigger,
          r.attempt,
          r.basePriority,
          r.requestedBy,
          r.availableAt.getTime(),
          r.finishedAt?.getTime() ?? null,
          r.error,
        ]),
      ).toEqual([
        ['retry', 2, 3, 'retry', later(30_000).getTime(), null, null],
        ['manual', 1, 0, 'alice@example.com', NOW.getTime(), null, null],
        ['schedule', 1, 0, 'schedule', NOW.getTime(), null, null],
        ['schedule', 1, 0, 'schedule', NOW.getTime(), NOW.getTime(), 'skipped: busy'],
      ]);
      const events = await eventsOf(ids);
      expect(events.map((e) => [e.type, e.runId, e.payload])).toEqual([
        [
          'run.retry_scheduled',
          ids[0],
          { retryOf: failed, attempt: 2, availableAt: later(30_000).toISOString(), delayMs: 30_000 },
        ],
        ['run.queued', ids[1], { trigger: 'manual', retryOf: failed }],
        ['run.queued', ids[2], { trigger: 'schedule', scheduledFor: fire.toISOString() }],
        ['run.skipped', ids[3], { trigger: 'schedule', scheduledFor: later(-120_000).toISOString() }],
      ]);

      // The same fire time again (a stale second tick): nothing is recorded.
      const again = await runPlan(handle.db, () =>
        queueRunsPlan(provider, alice, [{ task: { id: task.id }, trigger: 'schedule', scheduledFor: fire }], NOW),
      );
      expect(again).toEqual([]);
      expect(await handle.db.run.count({ where: { taskId: task.id, scheduledFor: fire } })).toBe(1);
    });

    it("inside a caller's transaction: commits with it, and a rollback leaves no run and no event", async () => {
      await makeTask(handle.db, { key: 'in-tx' });
      const committed = await writeTransaction(handle.db, (tx) =>
        queueRuns({ db: handle.db, tx, task: { key: 'in-tx' }, trigger: 'manual', actor: alice, now: NOW }),
      );
      expect(await handle.db.run.count({ where: { id: { in: committed } } })).toBe(1);
      await expect(
        writeTransaction(handle.db, async (tx) => {
          await queueRuns({ db: handle.db, tx, task: { key: 'in-tx' }, trigger: 'manual', times: 2, actor: alice, now: NOW });
          throw new Error('the caller changed its mind');
        }),
      ).rejects.toThrow('the caller changed its mind');
      expect(await handle.db.run.count()).toBe(1);
      expect(await handle.db.event.count({ where: { type: { startsWith: 'run.' } } })).toBe(1);
    });

    it.skipIf(provider !== 'postgresql')('sends its statements to sessions with JIT compiling off', async () => {
      // A tick's 100-run statement was costed over jit_above_cost and spent 2.3 s of 2.4 s compiling.
      const [row] = await runPlan(handle.db, () => sqlQuery<{ jit: string }>('SHOW jit'), { transaction: false });
      expect(row!.jit).toBe('off');
    });

    it.skipIf(provider !== 'postgresql')('wakes listening workers at commit, not before and not after a rollback', async () => {
      await makeTask(handle.db, { key: 'wake' });
      const listener = new pg.Client({ connectionString: testDb.url });
      await listener.connect();
      const heard: number[] = [];
      listener.on('notification', (n) => {
        if (n.channel === RUN_QUEUED_CHANNEL) heard.push(Date.now());
      });
      await listener.query(`LISTEN ${RUN_QUEUED_CHANNEL}`);
      const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
      try {
        await queueRuns({ db: handle.db, task: { key: 'wake' }, trigger: 'manual', actor: alice });
        await settle();
        expect(heard).toHaveLength(1);

        let heardInside = -1;
        await writeTransaction(handle.db, async (tx) => {
          await queueRuns({ db: handle.db, tx, task: { key: 'wake' }, trigger: 'manual', actor: alice });
          await settle();
          heardInside = heard.length;
        });
        await settle();
        expect(heardInside).toBe(1); // not while the caller's transaction was open
        expect(heard).toHaveLength(2); // at its commit

        await writeTransaction(handle.db, async (tx) => {
          await queueRuns({ db: handle.db, tx, task: { key: 'wake' }, trigger: 'manual', actor: alice });
          throw new Error('rolled back');
        }).catch(() => undefined);
        await settle();
        expect(heard).toHaveLength(2);
      } finally {
        await listener.end();
      }
    });
  });
