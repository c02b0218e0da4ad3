/**
 * Issue 14 item 1: strict priority with overlap `queue` (a worker's own
 * finished-but-not-yet-recorded runs do not keep their task busy), and no two
 * runs of a single-instance task at once across workers side by side (checked
 * from the runs' start and finish times, not only their statuses).
 */
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { queueRuns } from '../../server/queue/queue-runs';
import { waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, makeTask, testConfig, useWorkerFleet } from './helpers/worker-harness';

const provider = testProvider();

describe(`worker races on ${provider}`, () => {
  const testDb = useTestDatabase();
  const fleet = useWorkerFleet(testDb);
  const workers = fleet.workers;

  it('one slot, overlap queue, 10 queued runs per priority: 10 urgent, then 10 high, 10 medium, 10 low (by startedAt)', async () => {
    const priorities = ['low', 'medium', 'high', 'urgent'] as const;
    for (const priority of priorities) {
      await makeTask(testDb.db, { key: `p-${priority}`, kind: 'handler', handler: 'noop', command: undefined, priority, overlap: 'queue' });
      await queueRuns({ db: testDb.db, task: { key: `p-${priority}` }, trigger: 'manual', actor: SYSTEM_ACTOR, times: 10 });
    }
    const worker = inProcessWorker(testDb.db, testConfig(testDb.url), { concurrency: 1 });
    workers.push(worker);
    await worker.start();
    await waitFor(async () => (await testDb.db.run.count({ where: { status: 'succeeded' } })) === 40, 60_000, '40 succeeded runs');

    const runs = await testDb.db.run.findMany({ include: { task: { select: { key: true } } } });
    const started = await testDb.db.event.findMany({ where: { type: 'run.started' }, orderBy: { id: 'asc' } });
    const startEvent = new Map(started.map((e, i) => [e.runId, i]));
    // By startedAt; a tie within one millisecond in the order the claims recorded.
    runs.sort((a, b) => a.startedAt!.getTime() - b.startedAt!.getTime() || startEvent.get(a.id)! - startEvent.get(b.id)!);
    const order = runs.map((r) => r.task.key.slice(2));
    const expected = [...priorities].reverse().flatMap((p) => Array<string>(10).fill(p));
    expect(order).toEqual(expected);
  }, 90_000);

  it('8 workers side by side on 200 single-instance tasks: never two runs of one task at once (from start and finish times)', async () => {
    const tasks = 200;
    const perTask = 3;
    for (let i = 0; i < tasks; i++) {
      // Overlap queue and skip both mean one at a time; every 4th task allows 2.
      const overlap = i % 4 === 3 ? 'allow' : i % 2 === 0 ? 'queue' : 'skip';
      const key = `t${i}`;
      await makeTask(testDb.db, { key, kind: 'handler', handler: 'sleep', payload: { ms: 20 }, command: undefined, overlap, maxInstances: 2 });
      await queueRuns({ db: testDb.db, task: { key }, trigger: 'manual', actor: SYSTEM_ACTOR, times: perTask });
    }
    const config = testConfig(testDb.url, { pollIntervalMs: 20 });
    for (let i = 0; i < 8; i++) await fleet.add(testDb.db, testDb.url, config, { concurrency: 4, name: `racer-${i}` });
    for (const w of workers) await w.start();
    const total = tasks * perTask;
    await waitFor(async () => (await testDb.db.run.count({ where: { status: 'succeeded' } })) === total, 120_000, `${total} succeeded runs`);

    const runs = await testDb.db.run.findMany({ include: { task: { select: { key: true, overlap: true, maxInstances: true } } } });
    expect(runs).toHaveLength(total);
    const byTask = new Map<string, typeof runs>();
    for (const r of runs) byTask.set(r.task.key, [...(byTask.get(r.task.key) ?? []), r]);
    const violations: string[] = [];
    for (const [key, list] of byTask) {
      const limit = list[0]!.task.overlap === 'allow' ? list[0]!.task.maxInstances : 1;
      // At each run's start, how many runs of the task had started and not yet finished (itself included)?
      for (const r of list) {
        const at = r.startedAt!.getTime();
        const concurrent = list.filter((o) => o.startedAt!.getTime() <= at && o.finishedAt!.getTime() > at).length;
        if (concurrent > limit) violations.push(`${key}: ${concurrent} running at ${r.startedAt!.toISOString()} (limit ${limit})`);
      }
    }
    expect(violations).toEqual([]);
    // The work was shared: the race was possible.
    expect(new Set(runs.map((r) => r.workerId)).size).toBeGreaterThanOrEqual(4);
  }, 180_000);
});
