// The worker's claim on its direct connection (server/queue/plan.ts): on
// PostgreSQL the lock and the claim go as one script with the parameters
// inlined as quoted literals. Whatever the values hold (quotes, backslashes,
// dollar signs), they land as given; and claims on the direct connection and
// through Prisma agree. On SQLite the same claims run on its direct connection.
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { attachDirect } from '../../server/queue/plan';
import { claimAndStartRuns } from '../../server/queue/claim-and-start-runs';
import { queueRuns } from '../../server/queue/queue-runs';
import { workerActor } from './helpers/actors';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeTask } from './helpers/worker-harness';

const provider = testProvider();
const odd = workerActor(`w-'quoted'\\$1`, `O'Brien \\ $2 ''; DROP TABLE "Run"; --`);

describe(`the worker's claim in one round trip on ${provider}`, () => {
  const testDb = useTestDatabase();
  let detach: (() => void) | null = null;
  afterEach(async () => {
    detach?.();
    detach = null;
    await testDb.reset(['event', 'run', 'task', 'worker']);
  });

  it('claims by priority within each task’s room and records run.started with the actor exactly as given', async () => {
    const { db } = testDb;
    await db.worker.create({ data: { id: odd.id!, name: odd.name, host: 'h', pid: 1, version: 't', concurrency: 4 } });
    await makeTask(db, { key: 'single', kind: 'handler', handler: 'noop', command: undefined, overlap: 'queue' });
    await makeTask(db, { key: 'pair', kind: 'handler', handler: 'noop', command: undefined, overlap: 'allow', maxInstances: 2, priority: 'high' });
    await queueRuns({ db, task: { key: 'single' }, trigger: 'manual', actor: SYSTEM_ACTOR, times: 3 });
    await queueRuns({ db, task: { key: 'pair' }, trigger: 'manual', actor: SYSTEM_ACTOR, times: 3 });
    detach = attachDirect(db, testDb.url);

    const first = await claimAndStartRuns({ db, workerId: odd.id!, limit: 10, leaseSeconds: 30, actor: odd });
    // pair (high) first, two of it (its room), then one of single (overlap queue).
    expect(first.runs.map((r) => r.task.key)).toEqual(['pair', 'pair', 'single']);
    expect(first.runs.every((r) => r.claimToken.length > 0)).toBe(true);
    // Nothing more has room: an empty claim on the direct connection.
    expect((await claimAndStartRuns({ db, workerId: odd.id!, limit: 10, leaseSeconds: 30, actor: odd })).runs).toEqual([]);

    const running = await db.run.findMany({ where: { status: 'running' }, orderBy: { id: 'asc' } });
    expect(running.map((r) => r.workerId)).toEqual([odd.id, odd.id, odd.id]);
    expect(running.map((r) => r.claimToken).sort()).toEqual(first.runs.map((r) => r.claimToken).sort());
    if (provider === 'postgresql') {
      const started = await db.event.findMany({ where: { type: 'run.started' }, orderBy: { id: 'asc' } });
      expect(started.map((e) => [e.runId, e.actorId, e.actorName])).toEqual(running.map((r) => [r.id, odd.id, odd.name]));
    }
    expect(await db.run.count()).toBe(6);
  });
});
