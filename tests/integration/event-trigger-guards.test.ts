// Two guards of the event-trigger consumer (issue 13 item 6), with real
// workers on both databases: a chain follows a run's final outcome (a failed
// attempt that will be retried starts nothing), and a loop through custom
// events (A publishes x.done, B runs on it and publishes y.done, A runs on
// that) stops at MAX_CHAIN_DEPTH runs with a task.chain_stopped event naming
// the loop.
import { beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { publishCustomEvent } from '../../server/events/publish-custom-event';
import { queueRuns } from '../../server/queue/queue-runs';
import { MAX_CHAIN_DEPTH } from '../../server/triggers/chain-depth';
import { waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeTask, testConfig, useWorkerFleet, waitForRunToFinish } from './helpers/worker-harness';

describe(`event trigger guards on ${testProvider()}`, () => {
  const t = useTestDatabase();
  const fleet = useWorkerFleet(t);
  beforeEach(() => t.reset(['run', 'task', 'event']));
  const startWorker = async () => (await fleet.add(t.db, t.url, testConfig(t.url, { pollIntervalMs: 50 }), {})).start();
  const runsOf = (key: string) => t.db.run.findMany({ where: { task: { key } }, orderBy: { id: 'asc' } });
  const idle = () => new Promise((resolve) => setTimeout(resolve, 500));

  it('`run.failed of A` and `run.finished of A` fire once, on the final attempt, not on one that is retried', async () => {
    await makeTask(t.db, { key: 'flaky', command: 'exit 3', maxRetries: 1, retryDelaySeconds: 0 });
    await makeTask(t.db, { key: 'on-fail', schedule: 'on: run.failed of flaky' });
    await makeTask(t.db, { key: 'on-end', schedule: 'on: run.finished of flaky' });
    await startWorker();
    await queueRuns({ db: t.db, task: { key: 'flaky' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    const [first, retry] = await waitFor(async () => {
      const runs = (await runsOf('flaky')).filter((r) => r.finishedAt !== null);
      return runs.length >= 2 ? runs : null;
    }, 30_000, 'both attempts of flaky');
    expect([first!.status, retry!.status, retry!.retryOfId]).toEqual(['failed', 'failed', first!.id]);
    const [onFail] = await waitFor(async () => ((await runsOf('on-fail')).length > 0 ? runsOf('on-fail') : null), 30_000, 'a run of on-fail');
    await waitFor(async () => ((await runsOf('on-end')).length > 0 ? true : null), 30_000, 'a run of on-end');
    await idle();
    expect(await runsOf('on-fail')).toHaveLength(1);
    expect(await runsOf('on-end')).toHaveLength(1);
    // The event it ran for is the final attempt's.
    expect(await t.db.event.findUnique({ where: { id: onFail!.eventId! } })).toMatchObject({ type: 'run.failed', runId: retry!.id });
  }, 60_000);

  it(`stops a loop through custom events after ${MAX_CHAIN_DEPTH} runs, recording task.chain_stopped with the loop`, async () => {
    await makeTask(t.db, { key: 'ping', schedule: 'on: y.done', command: "echo '::cronboard-event x.done'" });
    await makeTask(t.db, { key: 'pong', schedule: 'on: x.done', command: "echo '::cronboard-event y.done'" });
    await startWorker();
    await publishCustomEvent({ db: t.db, input: { type: 'y.done', payload: {} }, actor: SYSTEM_ACTOR });
    const stopped = await waitFor(() => t.db.event.findFirst({ where: { type: 'task.chain_stopped' } }), 45_000, 'task.chain_stopped');
    const runs = [...(await runsOf('ping')), ...(await runsOf('pong'))];
    expect(runs).toHaveLength(MAX_CHAIN_DEPTH);
    for (const run of runs) await waitForRunToFinish(t.db, run.id);
    await idle();
    expect((await runsOf('ping')).length + (await runsOf('pong')).length).toBe(MAX_CHAIN_DEPTH);
    expect(stopped).toMatchObject({ taskKey: 'ping', payload: { eventType: 'y.done', depth: MAX_CHAIN_DEPTH + 1, limit: MAX_CHAIN_DEPTH, loop: ['ping', 'pong', 'ping'] } });
    expect(await t.db.event.count({ where: { type: 'task.chain_stopped' } })).toBe(1);
  }, 60_000);
});
