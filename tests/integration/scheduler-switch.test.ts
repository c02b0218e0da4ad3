// The global scheduler switch (issue 17 item 3) on both databases, with a real
// worker running: paused, no scheduled run is materialized (a every-second
// schedule, several ticks) while a manual run still goes; resumed, the missed
// fire times follow each task's misfire policy and never burst beyond it; the
// REST routes and the CLI's --json say the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '../../server/db';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { queueRuns } from '../../server/queue/queue-runs';
import { setSchedulerPaused } from '../../server/scheduler/set-scheduler-paused';
import type { SchedulerState } from '../../server/scheduler/scheduler-state';
import { restClient, tokenFor, type RestClient } from './helpers/rest-client';
import { runBin, waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeTask, testConfig, useWorkerFleet, waitForRunToFinish } from './helpers/worker-harness';

type Switched = SchedulerState & { changed: boolean };

describe(`the global scheduler switch on ${testProvider()}`, () => {
  const t = useTestDatabase({ app: true });
  const fleet = useWorkerFleet(t, ['event', 'run', 'task']);
  let db: Db;
  let api: RestClient;
  let admin: string;
  let viewer: string;
  const adminEmail = 'ada@switch.test';
  // A token acts as "its name (its user's email)": the audit log and the banner name both.
  const byToken = `admin token (${adminEmail})`;

  beforeAll(async () => {
    db = await getDb();
    api = await restClient();
    admin = await tokenFor(db, 'admin', { email: adminEmail });
    viewer = await tokenFor(db, 'viewer');
  });
  afterAll(async () => {
    await setSchedulerPaused({ db: t.db, paused: false, actor: SYSTEM_ACTOR });
  });

  const startWorker = async () => (await fleet.add(t.db, t.url, testConfig(t.url), {})).start();
  const scheduledRuns = (taskId: number) => t.db.run.findMany({ where: { taskId, trigger: 'schedule' }, orderBy: { scheduledFor: 'asc' } });
  const noopTask = (key: string, schedule: string, extra: Record<string, unknown> = {}) =>
    makeTask(t.db, { key, kind: 'handler', handler: 'noop', command: undefined, schedule, ...extra });

  it('paused: a worker materializes no scheduled run, a manual run still goes; resumed: the schedule fires again', async () => {
    const paused = await api.call<Switched>('POST', '/scheduler/pause', { token: admin });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ paused: true, by: byToken, changed: true });
    expect(Date.now() - Date.parse(paused.body.since!)).toBeLessThan(60_000);
    // Everyone signed in reads it (the banner); a second pause changes nothing.
    expect((await api.call<SchedulerState>('GET', '/scheduler', { token: viewer })).body).toEqual({ paused: true, since: paused.body.since, by: byToken });
    expect((await api.call<Switched>('POST', '/scheduler/pause', { token: admin })).body).toMatchObject({ paused: true, since: paused.body.since, changed: false });

    const task = await noopTask('every-second', '* * * * * *');
    const dueBefore = (await t.db.task.findUniqueOrThrow({ where: { id: task.id } })).nextRunAt;
    await startWorker();
    const [manual] = await queueRuns({ db: t.db, task: { key: task.key }, trigger: 'manual', actor: SYSTEM_ACTOR });
    expect((await waitForRunToFinish(t.db, manual!)).status).toBe('succeeded');
    // Poll interval 100 ms: 2.5 s is two dozen ticks, and the schedule was due every second.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await scheduledRuns(task.id)).toEqual([]);
    // The paused tick leaves nextRunAt alone (resume sees the fires it missed, for the misfire policy).
    expect((await t.db.task.findUniqueOrThrow({ where: { id: task.id } })).nextRunAt).toEqual(dueBefore);

    const resumed = await api.call<Switched>('POST', '/scheduler/resume', { token: admin });
    expect(resumed.body).toEqual({ paused: false, since: null, by: null, changed: true });
    const fired = await waitFor(async () => {
      const runs = await scheduledRuns(task.id);
      return runs.some((r) => r.status === 'succeeded') && runs;
    }, 15_000, 'a scheduled run after resume');
    expect(fired.length).toBeGreaterThan(0);

    const events = await t.db.event.findMany({ where: { type: { startsWith: 'scheduler.' } }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.type, e.actorName])).toEqual([
      ['scheduler.paused', byToken],
      ['scheduler.resumed', byToken],
    ]);
    expect(events[1]!.payload).toEqual({ pausedSince: paused.body.since, pausedBy: byToken });
  });

  it('resuming after a long pause follows each misfire policy: coalesce one run, catch_up at most its limit, skip only within the grace', async () => {
    await setSchedulerPaused({ db: t.db, paused: true, actor: SYSTEM_ACTOR });
    const coalesce = await noopTask('coalesce', '* * * * *', { misfire: 'coalesce' });
    const catchUp = await noopTask('catch-up', '* * * * *', { misfire: 'catch_up', catchUpLimit: 3 });
    const skip = await noopTask('skip', '* * * * *', { misfire: 'skip', misfireGraceSeconds: 30 });
    // Paused for half an hour: 30 fire times missed by each (back-dated, not slept).
    const halfHourAgo = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000);
    await t.db.task.updateMany({ where: { id: { in: [coalesce.id, catchUp.id, skip.id] } }, data: { nextRunAt: halfHourAgo } });
    await startWorker();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await t.db.run.count()).toBe(0);

    const resumedAt = Date.now();
    await setSchedulerPaused({ db: t.db, paused: false, actor: SYSTEM_ACTOR });
    await waitFor(async () => (await scheduledRuns(catchUp.id)).length >= 3, 15_000, 'the catch-up runs');
    // A few more ticks: nothing else of the missed half hour may follow.
    await new Promise((r) => setTimeout(r, 1000));
    const missed = async (taskId: number) => (await scheduledRuns(taskId)).filter((r) => r.scheduledFor!.getTime() <= resumedAt);
    expect(await missed(coalesce.id)).toHaveLength(1);
    const caught = await missed(catchUp.id);
    // The three latest fire times, a minute apart: the limit, not the 30 missed.
    expect(caught).toHaveLength(3);
    expect(caught.map((r) => (r.scheduledFor!.getTime() - caught[2]!.scheduledFor!.getTime()) / 60_000)).toEqual([-2, -1, 0]);
    const skipped = await missed(skip.id);
    expect(skipped.length).toBeLessThanOrEqual(1);
    for (const r of skipped) expect(resumedAt - r.scheduledFor!.getTime()).toBeLessThanOrEqual(31_000);
  });

  it('cronboard scheduler pause|status|resume --json print one JSON document each', async () => {
    const pause = await runBin(t.url, ['scheduler', 'pause', '--json'], { USER: 'grace' });
    expect(pause.code, pause.stderr).toBe(0);
    const paused = JSON.parse(pause.stdout) as Switched;
    expect(paused).toMatchObject({ paused: true, by: 'grace', changed: true });
    const status = await runBin(t.url, ['scheduler', 'status', '--json']);
    expect(JSON.parse(status.stdout)).toEqual({ paused: true, since: paused.since, by: 'grace' });
    const text = await runBin(t.url, ['scheduler', 'status']);
    expect(text.stdout).toMatch(/^Scheduler paused since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by grace: scheduled runs are not being created/);
    const resume = await runBin(t.url, ['scheduler', 'resume', '--json']);
    expect(JSON.parse(resume.stdout)).toEqual({ paused: false, since: null, by: null, changed: true });
    expect((await runBin(t.url, ['scheduler', 'status'])).stdout).toBe('Scheduler running: scheduled runs are being created.\n');
  });
});
