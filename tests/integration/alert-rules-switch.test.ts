// A rule's enabled switch and the task page's alerts (alerts.setEnabled,
// alerts.forTask; REST PATCH /alerts/rules/{id}, GET /alerts/tasks/{key}), on
// both databases, with real shell runs on an in-process worker and the
// evaluator's events pass called directly.
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { ALERTS_CURSOR_KEY, evaluateAlertEvents } from '../../server/alerts/evaluate-events';
import type { AlertIncidentView, AlertRuleView } from '../../server/alerts/schemas';
import type { TaskAlertRule } from '../../server/alerts/task-alerts';
import { eventCursorAt, newestEventId } from '../../server/events/event-consumer';
import { queueRuns } from '../../server/queue/queue-runs';
import type { CronboardWorker } from '../../worker/worker';
import { useRestTokens, type ApiErrorJson } from './helpers/rest-client';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, makeTask, testConfig, waitForRunToFinish } from './helpers/worker-harness';

type TaskAlerts = { rules: TaskAlertRule[]; incidents: AlertIncidentView[] };

describe(`alert rules' switch and a task's alerts on ${testProvider()}`, () => {
  const t = useTestDatabase({ app: true });
  const rest = useRestTokens('admin', 'operator', 'viewer');
  let worker: CronboardWorker | null = null;
  afterEach(async () => {
    await worker?.stop('test over', 1000);
    worker = null;
    await t.db.alertRule.deleteMany();
  });

  const addRule = async (body: Record<string, unknown>) => {
    const created = await rest.api.call<AlertRuleView>('POST', '/alerts/rules', { token: rest.tokens.admin, body: { channel: 'email', target: 'ops@example.com', ...body } });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    return created.body;
  };
  const failOnce = async (key: string) => {
    const [id] = await queueRuns({ db: t.db, task: { key }, trigger: 'manual', actor: SYSTEM_ACTOR });
    expect((await waitForRunToFinish(t.db, id!)).status).toBe('failed');
  };

  it("lists the rules that judge a task (its own, its labels', global; targets for admins only) and switches one off and on (admin only)", async () => {
    await makeTask(t.db, { key: 'judged', labels: ['nightly'] });
    await makeTask(t.db, { key: 'other' });
    const own = await addRule({ scope: 'task', taskKey: 'judged', kind: 'failures', threshold: 2 });
    const byLabel = await addRule({ scope: 'label', label: 'nightly', kind: 'missed', channel: 'slack', target: 'https://hooks.slack.com/services/T/B/X' });
    const global = await addRule({ scope: 'global', kind: 'recovery' });
    await addRule({ scope: 'task', taskKey: 'other', kind: 'failures' });
    await addRule({ scope: 'label', label: 'weekly', kind: 'missed' });

    const asViewer = await rest.api.call<TaskAlerts>('GET', '/alerts/tasks/judged', { token: rest.tokens.viewer });
    expect(asViewer.status).toBe(200);
    expect(asViewer.body.rules.map((r) => r.id).sort()).toEqual([own.id, byLabel.id, global.id].sort());
    expect(asViewer.body.rules.every((r) => r.target === null)).toBe(true);
    expect(asViewer.body.incidents).toEqual([]);
    const asAdmin = await rest.api.call<TaskAlerts>('GET', '/alerts/tasks/judged', { token: rest.tokens.admin });
    expect(asAdmin.body.rules.find((r) => r.id === byLabel.id)?.target).toBe('https://hooks.slack.com/services/T/B/X');
    expect((await rest.api.call<ApiErrorJson>('GET', '/alerts/tasks/nope', { token: rest.tokens.viewer })).status).toBe(404);

    expect((await rest.api.call('PATCH', `/alerts/rules/${own.id}`, { token: rest.tokens.operator, body: { enabled: false } })).status).toBe(403);
    const off = await rest.api.call<AlertRuleView>('PATCH', `/alerts/rules/${own.id}`, { token: rest.tokens.admin, body: { enabled: false } });
    expect(off.status).toBe(200);
    expect(off.body.enabled).toBe(false);
    const listed = await rest.api.call<TaskAlerts>('GET', '/alerts/tasks/judged', { token: rest.tokens.viewer });
    expect(listed.body.rules.find((r) => r.id === own.id)?.enabled).toBe(false);
    const missing = await rest.api.call<ApiErrorJson>('PATCH', '/alerts/rules/no-such-rule', { token: rest.tokens.admin, body: { enabled: true } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("No alert rule with id 'no-such-rule'");
  });

  it('a rule switched off opens nothing for a failure; switched on, it judges what happens from then on', async () => {
    await makeTask(t.db, { key: 'switched', command: 'false' });
    worker = inProcessWorker(t.db, testConfig(t.url));
    await worker.start();
    const state = { cursor: null };
    const rule = await addRule({ scope: 'task', taskKey: 'switched', kind: 'failures' });
    expect((await rest.api.call('PATCH', `/alerts/rules/${rule.id}`, { token: rest.tokens.admin, body: { enabled: false } })).status).toBe(200);

    await failOnce('switched');
    // No enabled rule, no open incident: the pass reads nothing and the cursor stays.
    const before = await eventCursorAt(t.db, ALERTS_CURSOR_KEY);
    expect(await evaluateAlertEvents({ db: t.db, state })).toEqual({ changed: 0, more: false });
    expect(await eventCursorAt(t.db, ALERTS_CURSOR_KEY)).toBe(before);
    expect(await t.db.alertIncident.count()).toBe(0);

    // On again: the failure recorded while it was off is not judged.
    expect((await rest.api.call('PATCH', `/alerts/rules/${rule.id}`, { token: rest.tokens.admin, body: { enabled: true } })).status).toBe(200);
    expect(await eventCursorAt(t.db, ALERTS_CURSOR_KEY)).toBe(await newestEventId(t.db));
    await evaluateAlertEvents({ db: t.db, state });
    expect(await t.db.alertIncident.count()).toBe(0);

    await failOnce('switched');
    expect((await evaluateAlertEvents({ db: t.db, state })).changed).toBe(1);
    const page = await rest.api.call<TaskAlerts>('GET', '/alerts/tasks/switched', { token: rest.tokens.viewer });
    expect(page.body.incidents).toEqual([expect.objectContaining({ ruleId: rule.id, taskKey: 'switched', kind: 'failures', resolvedAt: null })]);
    expect(page.body.incidents[0]!.reason).toMatch(/^run #\d+ failed/);
  });
});
