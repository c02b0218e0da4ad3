// Tasks triggered by events and by other tasks (issue 13 item 6), with real
// workers on both databases: exactly one run per (task, event) with 4 workers,
// a chain A → B → C in order, `run.failed of A` only on failure, the event
// handed to the run (ctx.event, CRONBOARD_EVENT), and cycles refused on save.
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { publishCustomEvent } from '../../server/events/publish-custom-event';
import { queueRuns } from '../../server/queue/queue-runs';
import { updateTask } from '../../server/tasks/update-task';
import { registerHandler } from '../../worker/handlers';
import { expectAppError } from './helpers/app-error';
import { waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeTask, testConfig, useWorkerFleet, waitForRunToFinish } from './helpers/worker-harness';

describe(`event triggers on ${testProvider()}`, () => {
  const t = useTestDatabase();
  const fleet = useWorkerFleet(t);
  const config = () => testConfig(t.url, { pollIntervalMs: 50 });
  const startWorkers = async (n: number) => {
    for (let i = 0; i < n; i++) await (await fleet.add(t.db, t.url, config(), {})).start();
  };
  const runsOf = (key: string) => t.db.run.findMany({ where: { task: { key } }, orderBy: { id: 'asc' } });
  const finishedRunsOf = (key: string, count: number) =>
    waitFor(async () => {
      const runs = (await runsOf(key)).filter((r) => r.finishedAt !== null);
      return runs.length >= count ? runs : null;
    }, 30_000, `${count} finished runs of ${key}`);

  beforeAll(() => {
    registerHandler('test.echo-event', (ctx) => ({ eventId: ctx.event?.id ?? null, type: ctx.event?.type ?? null, payload: ctx.event?.payload ?? null }));
  });

  it('runs an `on: email.batch_processed` task exactly once per event with 4 workers, and gives it ctx.event', async () => {
    await makeTask(t.db, { key: 'on-batch', kind: 'handler', handler: 'test.echo-event', schedule: 'on: email.batch_processed', overlap: 'allow', maxInstances: 10 });
    await makeTask(t.db, { key: 'bystander', schedule: 'on: email.other' });
    await startWorkers(4);
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      const event = await publishCustomEvent({ db: t.db, input: { type: 'email.batch_processed', payload: { n: i } }, actor: SYSTEM_ACTOR });
      ids.push(event.id);
    }
    const runs = await finishedRunsOf('on-batch', 20);
    // Every worker has had time for more passes over the same events: still 20.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await runsOf('on-batch');
    expect(after).toHaveLength(20);
    expect(after.map((r) => r.eventId).sort((a, b) => a! - b!)).toEqual(ids);
    for (const run of runs) {
      expect(run).toMatchObject({ trigger: 'event', status: 'succeeded', requestedBy: 'event' });
      expect(run.result).toMatchObject({ eventId: run.eventId, type: 'email.batch_processed', payload: { n: ids.indexOf(run.eventId!) } });
    }
    expect(await runsOf('bystander')).toHaveLength(0);
  }, 60_000);

  it('runs a chain A → B → C in order, and hands the event to a shell task as CRONBOARD_EVENT', async () => {
    await makeTask(t.db, { key: 'a', command: 'sleep 0.2' });
    await makeTask(t.db, { key: 'b', schedule: 'on: run.succeeded of a', command: 'echo "$CRONBOARD_EVENT"; sleep 0.2' });
    await makeTask(t.db, { key: 'c', schedule: 'on: run.succeeded of b' });
    await startWorkers(2);
    const [aRunId] = await queueRuns({ db: t.db, task: { key: 'a' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    const [c] = await finishedRunsOf('c', 1);
    const a = await waitForRunToFinish(t.db, aRunId!);
    const [b] = await runsOf('b');
    expect([a.status, b!.status, c!.status]).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(b!.startedAt!.getTime()).toBeGreaterThanOrEqual(a.finishedAt!.getTime());
    expect(c!.startedAt!.getTime()).toBeGreaterThanOrEqual(b!.finishedAt!.getTime());
    const stdout = (await t.db.runLog.findMany({ where: { runId: b!.id, stream: 'stdout' } })).map((l) => l.data).join('');
    expect(JSON.parse(stdout)).toMatchObject({ id: b!.eventId, type: 'run.succeeded', taskKey: 'a', runId: a.id });
  }, 60_000);

  it('`on: run.failed of A` runs only after a failure of A', async () => {
    await makeTask(t.db, { key: 'flaky', command: 'case "$CRONBOARD_PAYLOAD" in *fail*) exit 3;; esac' });
    await makeTask(t.db, { key: 'on-failure', kind: 'handler', handler: 'test.echo-event', schedule: 'on: run.failed of flaky' });
    await startWorkers(1);
    const [ok] = await queueRuns({ db: t.db, task: { key: 'flaky' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    expect((await waitForRunToFinish(t.db, ok!)).status).toBe('succeeded');
    const [bad] = await queueRuns({ db: t.db, task: { key: 'flaky' }, trigger: 'manual', actor: SYSTEM_ACTOR, payload: { fail: true } });
    expect((await waitForRunToFinish(t.db, bad!)).status).toBe('failed');
    const [run] = await finishedRunsOf('on-failure', 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await runsOf('on-failure')).toHaveLength(1);
    const event = await t.db.event.findUnique({ where: { id: run!.eventId! } });
    expect(event).toMatchObject({ type: 'run.failed', runId: bad });
  }, 60_000);

  it('refuses a cycle when saved, naming the path', async () => {
    await makeTask(t.db, { key: 'x' });
    await makeTask(t.db, { key: 'y', schedule: 'on: run.succeeded of x' });
    await makeTask(t.db, { key: 'z', schedule: 'on: run.finished of y' });
    const closing = updateTask({ db: t.db, key: 'x', patch: { schedule: 'on: run.failed of z' }, actor: SYSTEM_ACTOR, defaultTimezone: 'UTC' });
    await expectAppError(closing, 'INVALID_SCHEDULE', /^cycle: x → y → z → x/);
    await expectAppError(makeTask(t.db, { key: 'self', schedule: 'on: run.succeeded of self' }), 'INVALID_SCHEDULE', /^cycle: self → self/);
    // Not a cycle: two tasks after the same one.
    await makeTask(t.db, { key: 'w', schedule: 'on: run.succeeded of x' });
    expect((await t.db.task.findUniqueOrThrow({ where: { key: 'x' } })).schedule).toBe('manual');
  });
});
