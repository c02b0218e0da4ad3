/**
 * Alert rules and incidents (issue 13 item 4), on both databases, with a real
 * in-process worker (its alert evaluator and webhook sender are side tasks),
 * real shell runs, a real HTTP receiver on 127.0.0.1 and a real SMTP server.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { AlertEvaluator } from '../../server/alerts/alert-evaluator';
import { checkAlerts } from '../../server/alerts/check-alerts';
import { acknowledgeIncident, listIncidents } from '../../server/alerts/incidents';
import { createAlertRule } from '../../server/alerts/rules';
import type { AlertRuleInput } from '../../server/alerts/schemas';
import type { Config } from '../../server/config';
import { createLogger } from '../../server/lib/logger';
import { queueRuns } from '../../server/queue/queue-runs';
import { createEndpoint } from '../../server/webhooks/create-endpoint';
import type { CronboardWorker } from '../../worker/worker';
import { waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { webhookReceiver } from './helpers/webhook-receiver';
import { inProcessWorker, makeTask, scratchDir, testConfig, waitForRunToFinish } from './helpers/worker-harness';

const provider = testProvider();
const silent = createLogger({ name: 'alerts-test', level: 'silent' });

describe(`alerts on ${provider}`, () => {
  const t = useTestDatabase();
  const closers: (() => Promise<void>)[] = [];
  let worker: CronboardWorker | null = null;
  let config: Config;
  let dir: string;

  beforeEach(async () => {
    await t.db.alertRule.deleteMany();
    await t.db.webhookEndpoint.deleteMany();
    await t.db.setting.deleteMany({ where: { key: { in: ['webhooks.cursor', 'alerts.cursor'] } } });
    await t.reset(['runLog', 'event', 'run', 'task']);
    dir = scratchDir();
    config = testConfig(t.url, { webhookAllowPrivate: true, webhookRetryBaseMs: 40, publicUrl: 'https://cron.example.com' });
  });
  afterEach(async () => {
    await worker?.stop('test over', 1000);
    worker = null;
    await Promise.all(closers.splice(0).map((c) => c()));
  });

  const startWorker = (overrides: Partial<Config> = {}) => {
    worker = inProcessWorker(t.db, { ...config, ...overrides }, { webhooks: true, alerts: { eventsMs: 50, checkMs: 100 }, ...(provider === 'postgresql' ? { listenUrl: t.url } : {}) });
    return worker.start();
  };
  const receiver = async () => {
    const r = await webhookReceiver();
    closers.push(r.close);
    return r;
  };
  /** A shell task that fails until `fixed()` is called. */
  const flakyTask = async (key: string) => {
    const flag = join(dir, `${key}.ok`);
    await makeTask(t.db, { key, command: `test -e ${flag}` });
    return { fixed: () => writeFileSync(flag, ''), isFixed: () => existsSync(flag) };
  };
  const runOnce = async (key: string) => {
    const [id] = await queueRuns({ db: t.db, task: { key }, trigger: 'manual', actor: SYSTEM_ACTOR });
    return waitForRunToFinish(t.db, id!);
  };
  const rule = (input: Omit<AlertRuleInput, 'scope'> & Partial<Pick<AlertRuleInput, 'scope'>>) =>
    createAlertRule({ db: t.db, input: { scope: 'task', ...input }, actor: SYSTEM_ACTOR, allowPrivate: true });
  const incidentsOf = async (ruleId: string) => (await listIncidents({ db: t.db })).filter((i) => i.ruleId === ruleId);
  const alertEvents = () => t.db.event.findMany({ where: { type: { startsWith: 'alert.' } }, orderBy: { id: 'asc' } });

  it('failures:1 opens one incident for three failures in a row, the first success closes it; Slack hears only the recovery; alert.* reaches a subscribed endpoint once', async () => {
    const hook = await receiver();
    const slack = await receiver();
    const task = await flakyTask('nightly-backup');
    // The endpoint subscribes to alert.* AND is the rule's channel: each alert event reaches it once.
    const { endpoint } = await createEndpoint({ db: t.db, input: { url: hook.url, events: ['alert.*'] }, actor: SYSTEM_ACTOR, secretKey: null, allowPrivate: true });
    const failures = await rule({ taskKey: 'nightly-backup', kind: 'failures', threshold: 1, channel: 'webhook', target: endpoint.id });
    const recovery = await rule({ taskKey: 'nightly-backup', kind: 'recovery', channel: 'slack', target: slack.url });
    await startWorker();

    for (let i = 0; i < 3; i++) expect((await runOnce('nightly-backup')).status).toBe('failed');
    await waitFor(async () => (await incidentsOf(failures.id)).length === 1 && hook.received.length >= 1, 15_000, 'the incident to open and be delivered');
    task.fixed();
    const ok = await runOnce('nightly-backup');
    expect(ok.status).toBe('succeeded');
    await waitFor(async () => hook.received.length >= 4 && slack.received.length >= 1, 15_000, 'the resolution to be delivered');
    await new Promise((r) => setTimeout(r, 400)); // nothing more arrives

    const [incident] = await incidentsOf(failures.id);
    expect(incident).toMatchObject({ taskKey: 'nightly-backup', kind: 'failures', resolvedBy: `run #${ok.id} succeeded` });
    expect(incident!.resolvedAt).not.toBeNull();
    expect(await incidentsOf(failures.id)).toHaveLength(1);
    expect((await incidentsOf(recovery.id))[0]!.resolvedAt).not.toBeNull();
    // The endpoint got every alert event (its alert.* pattern: both rules'), each once, though the
    // failures rule's events matched it twice (its pattern and the rule's channel).
    const events = await alertEvents();
    expect(hook.received).toHaveLength(4);
    expect([...hook.ids()].sort()).toEqual(events.map((e) => `evt_${e.id}`).sort());
    // Slack: one message, the recovery, with blocks naming the task and linking the run.
    expect(slack.received).toHaveLength(1);
    expect(slack.received[0]!.headers['webhook-signature']).toBeUndefined();
    const message = JSON.parse(slack.received[0]!.body) as { text: string; blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[] };
    expect(message.text).toContain('Resolved: nightly-backup');
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(message.blocks[2]!.elements![0]!.text).toBe(`<https://cron.example.com/runs/${ok.id}|Open in Cronboard>`);
    // The events: recovery's quiet opening, failures' opening, both resolutions.
    expect(events.map((e) => e.type).sort()).toEqual(['alert.opened', 'alert.opened', 'alert.resolved', 'alert.resolved']);
    expect(events.filter((e) => e.type === 'alert.opened').map((e) => (e.payload as { silent?: boolean }).silent)).toContain(true);
  });

  it('failures:3 fires on the third failure in a row, and emails the SMTP server', async () => {
    const mails: { to: string; data: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (d: Buffer) => (data += d.toString()));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
    const port = (smtp.server.address() as AddressInfo).port;
    await flakyTask('sync');
    const three = await rule({ taskKey: 'sync', kind: 'failures', threshold: 3, channel: 'email', target: 'ops@example.com' });
    await startWorker({ smtpUrl: `smtp://127.0.0.1:${port}`, smtpFrom: 'cronboard@example.com' });

    await runOnce('sync');
    await runOnce('sync');
    await new Promise((r) => setTimeout(r, 300));
    expect(await incidentsOf(three.id)).toHaveLength(0);
    const third = await runOnce('sync');
    const [incident] = await waitFor(async () => { const l = await incidentsOf(three.id); return l.length > 0 && l; }, 10_000, 'the incident');
    expect(incident!.reason).toBe(`run #${third.id} failed: exit code 1 (3 failures in a row)`);
    const [mail] = await waitFor(async () => mails.length > 0 && mails, 15_000, 'the email');
    expect(mail!.to).toBe('ops@example.com');
    expect(mail!.data).toContain('Subject: [Cronboard] Alert: sync');
    expect(mail!.data).toContain(`https://cron.example.com/runs/${third.id}`);
    await waitFor(() => t.db.webhookDelivery.findFirst({ where: { channel: 'email', status: 'succeeded' } }), 10_000, 'the email delivery to be recorded');
  });

  it('too-long fires for a long sleep while it runs, and its end resolves it', async () => {
    await makeTask(t.db, { key: 'slow', command: 'sleep 30' });
    const tooLong = await rule({ scope: 'global', kind: 'too_long', limitSeconds: 1, channel: 'email', target: 'ops@example.com' });
    await startWorker();
    const [runId] = await queueRuns({ db: t.db, task: { key: 'slow' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    const [incident] = await waitFor(async () => { const l = await incidentsOf(tooLong.id); return l.length > 0 && l; }, 15_000, 'the too-long incident');
    expect(incident).toMatchObject({ runId, taskKey: 'slow', resolvedAt: null });
    expect(incident!.reason).toMatch(new RegExp(`^run #${runId} has been running for \\d+ s \\(limit 1 s\\)$`));
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId! } });
    expect(run.status).toBe('running');
    await worker!.stop('test over', 500);
    worker = null;
    await checkAlerts({ db: t.db, graceMs: 60_000 });
    expect((await incidentsOf(tooLong.id))[0]!.resolvedAt).not.toBeNull();
  });

  it('missed fires with NO worker running: as a service and from the evaluator the web process starts', async () => {
    await makeTask(t.db, { key: 'hourly', schedule: 'every 1 hour' });
    await makeTask(t.db, { key: 'daily', schedule: 'every 1 day' });
    const missedOne = await rule({ taskKey: 'hourly', kind: 'missed', channel: 'email', target: 'ops@example.com' });
    // Nobody ticked the schedule: its time is ten minutes gone.
    await t.db.task.updateMany({ where: { key: 'hourly' }, data: { nextRunAt: new Date(Date.now() - 10 * 60_000) } });
    expect(await checkAlerts({ db: t.db, graceMs: 60_000 })).toMatchObject({ opened: 1 });
    expect(await checkAlerts({ db: t.db, graceMs: 60_000 })).toMatchObject({ opened: 0 }); // idempotent
    const [incident] = await incidentsOf(missedOne.id);
    expect(incident!.reason).toMatch(/has not started \(grace 60 s\): is a worker running\?$/);

    // The web process's timer (the same class instrumentation-node.ts starts), still no worker.
    const web = new AlertEvaluator({ db: t.db, config, logger: silent, eventsMs: 50, checkMs: 50, graceMs: 60_000 });
    closers.push(() => web.stop());
    const missedAll = await rule({ scope: 'global', kind: 'missed', channel: 'email', target: 'ops@example.com' });
    await t.db.task.updateMany({ where: { key: 'daily' }, data: { nextRunAt: new Date(Date.now() - 5 * 60_000) } });
    web.start();
    const global = await waitFor(async () => { const l = await incidentsOf(missedAll.id); return l.length === 2 && l; }, 10_000, 'the web check to open both');
    expect(global.map((i) => i.taskKey).sort()).toEqual(['daily', 'hourly']);
    // The schedule is on time again: the incidents are resolved.
    await t.db.task.updateMany({ data: { nextRunAt: new Date(Date.now() + 3600_000) } });
    await waitFor(async () => (await listIncidents({ db: t.db, open: true })).length === 0, 10_000, 'the incidents to resolve');
  });

  it('reminds only after the interval, and not after an acknowledgement', async () => {
    await flakyTask('flaky');
    const reminding = await rule({ taskKey: 'flaky', kind: 'failures', channel: 'email', target: 'ops@example.com', remindMinutes: 10 });
    await startWorker();
    await runOnce('flaky');
    const [incident] = await waitFor(async () => { const l = await incidentsOf(reminding.id); return l.length > 0 && l; }, 10_000, 'the incident');
    await worker!.stop('test over', 500);
    worker = null;
    const at = (minutes: number) => new Date(incident!.openedAt.getTime() + minutes * 60_000);
    expect((await checkAlerts({ db: t.db, graceMs: 60_000, now: at(9) })).reminded).toBe(0);
    expect((await checkAlerts({ db: t.db, graceMs: 60_000, now: at(10) })).reminded).toBe(1);
    expect((await checkAlerts({ db: t.db, graceMs: 60_000, now: at(15) })).reminded).toBe(0);
    await acknowledgeIncident({ db: t.db, id: incident!.id, actor: SYSTEM_ACTOR });
    expect((await checkAlerts({ db: t.db, graceMs: 60_000, now: at(60) })).reminded).toBe(0);
    expect((await alertEvents()).map((e) => e.type)).toEqual(['alert.opened', 'alert.reminder']);
    expect((await incidentsOf(reminding.id))[0]).toMatchObject({ acknowledgedBy: 'system', resolvedAt: null });
  });
});
