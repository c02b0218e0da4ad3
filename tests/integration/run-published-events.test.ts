// Custom events published from inside runs (issue 13 item 5): a handler's
// ctx.publish and a shell task's `::cronboard-event TYPE {json}` stdout line,
// run by a real worker on both databases. The events record the run and task
// and show in the events list; a malformed line or a reserved type is a
// warning in the run log and never fails the run; the line stays in the log.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { listEvents } from '../../server/events/list-events';
import { queueRuns } from '../../server/queue/queue-runs';
import { registerHandler } from '../../worker/handlers';
import type { CronboardWorker } from '../../worker/worker';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, makeTask, testConfig, waitForRunToFinish } from './helpers/worker-harness';

describe(`events published from runs on ${testProvider()}`, () => {
  const t = useTestDatabase();
  let worker: CronboardWorker | null = null;

  beforeAll(() => {
    registerHandler('test.publish-events', async (ctx) => {
      await ctx.publish('email.batch_processed', { batch: 7 });
      const refused = await ctx.publish('run.succeeded').then(
        () => 'published',
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      );
      return { refused };
    });
  });
  afterEach(async () => {
    await worker?.stop('test over', 2000);
    worker = null;
    await t.reset(['event', 'run', 'task']);
  });

  const runOnce = async (key: string) => {
    const [runId] = await queueRuns({ db: t.db, task: { key }, trigger: 'manual', actor: SYSTEM_ACTOR });
    worker ??= inProcessWorker(t.db, testConfig(t.url));
    await worker.start();
    const run = await waitForRunToFinish(t.db, runId!);
    const logs = await t.db.runLog.findMany({ where: { runId: runId! }, orderBy: { seq: 'asc' } });
    const custom = (await listEvents({ db: t.db, taskKey: key })).items.filter((e) => !/^(run|task)\./.test(e.type));
    return { run, logs, custom, text: (stream: string) => logs.filter((l) => l.stream === stream).map((l) => l.data).join('') };
  };

  it("a handler's ctx.publish records the event with its run and task; a reserved type is refused to the handler", async () => {
    await makeTask(t.db, { key: 'mailer', kind: 'handler', command: undefined, handler: 'test.publish-events' });
    const { run, custom } = await runOnce('mailer');
    expect(run.status).toBe('succeeded');
    expect(custom).toHaveLength(1);
    expect(custom[0]).toMatchObject({ type: 'email.batch_processed', payload: { batch: 7 }, runId: run.id, taskKey: 'mailer', actorType: 'worker' });
    expect(JSON.stringify(run.result)).toMatch(/'run.succeeded' is in a namespace Cronboard reserves/);
  });

  it('a shell line publishes; the line stays in the log; malformed and reserved lines are warnings and the run succeeds', async () => {
    const lines = [
      `echo '::cronboard-event email.batch_processed {"count":3}'`,
      `printf '::cronboard-event report.ready'`, // no newline, and the last line: still read
    ];
    const command = [
      `echo 'before'`,
      `echo '::cronboard-event email.bad {not json'`,
      `echo '::cronboard-event run.failed {}'`,
      `echo '::cronboard-event'`,
      ...lines,
    ].join('; ');
    await makeTask(t.db, { key: 'batch', command });
    const { run, custom, text } = await runOnce('batch');
    expect(run.status).toBe('succeeded');
    expect(custom.map((e) => [e.type, e.payload, e.runId, e.taskKey]).sort()).toEqual([
      ['email.batch_processed', { count: 3 }, run.id, 'batch'],
      ['report.ready', {}, run.id, 'batch'],
    ]);
    expect(text('stdout')).toContain('::cronboard-event email.batch_processed {"count":3}\n');
    const system = text('system');
    expect(system).toMatch(/warning: ::cronboard-event line ignored: the payload of 'email.bad' is not JSON/);
    expect(system).toMatch(/warning: ::cronboard-event line ignored: event 'run.failed' refused: type: 'run.failed' is in a namespace Cronboard reserves/);
    expect(system).toMatch(/warning: ::cronboard-event line ignored: expected '::cronboard-event TYPE \{json\}'/);
    // Nothing in the reserved namespace was recorded by the run beyond its own transitions.
    const failedEvents = await listEvents({ db: t.db, taskKey: 'batch', type: 'run.failed' });
    expect(failedEvents.items).toHaveLength(0);
  });
});
