// Alert rules and incidents through the CLI (`cronboard alert …`) and REST (/api/v1/alerts).
import { describe, expect, it } from 'vitest';
import { checkAlerts } from '../../server/alerts/check-alerts';
import type { AlertIncidentView, AlertRuleView } from '../../server/alerts/schemas';
import { runBin } from './helpers/processes';
import { useRestTokens, type ApiErrorJson } from './helpers/rest-client';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeTask } from './helpers/worker-harness';

describe(`alert CLI and REST on ${testProvider()}`, () => {
  const t = useTestDatabase({ app: true });
  const cli = (...args: string[]) => runBin(t.url, args, {});
  const rest = useRestTokens('admin', 'operator', 'viewer');

  it('cronboard alert add / list / incidents / ack / remove; bad flags exit 2 naming the flag', async () => {
    await makeTask(t.db, { key: 'nightly', schedule: 'every 1 hour' });
    const badWhen = await cli('alert', 'add', '--task', 'nightly', '--when', 'sometimes', '--email', 'ops@example.com');
    expect(badWhen.code).toBe(2);
    expect(badWhen.stderr).toContain("--when: 'sometimes' is not failures[:N], recovery, missed or too-long[:SECONDS]");
    expect(badWhen.stderr).not.toMatch(/\n\s+at /);
    const badEmail = await cli('alert', 'add', '--global', '--when', 'missed', '--email', 'not-an-address', '--json');
    expect(badEmail.code).toBe(2);
    expect((JSON.parse(badEmail.stdout) as ApiErrorJson).error.message).toContain("'not-an-address' is not an email address");
    expect((await cli('alert', 'add', '--when', 'missed', '--email', 'ops@example.com')).stderr).toContain('give exactly one of --task KEY, --label L or --global');

    const added = await cli('alert', 'add', '--task', 'nightly', '--when', 'missed', '--email', 'ops@example.com', '--remind', '30', '--json');
    expect(added.code, added.stderr).toBe(0);
    const rule = JSON.parse(added.stdout) as AlertRuleView;
    expect(rule).toMatchObject({ scope: 'task', kind: 'missed', channel: 'email', target: 'ops@example.com', remindMinutes: 30 });
    const listed = await cli('alert', 'list');
    expect(listed.stdout).toMatch(new RegExp(`${rule.id}\\s+task nightly\\s+missed\\s+email ops@example.com\\s+30 min`));

    await t.db.task.updateMany({ where: { key: 'nightly' }, data: { nextRunAt: new Date(Date.now() - 3600_000) } });
    await checkAlerts({ db: t.db, graceMs: 60_000 });
    const open = JSON.parse((await cli('alert', 'incidents', '--open', '--json')).stdout) as AlertIncidentView[];
    expect(open).toEqual([expect.objectContaining({ ruleId: rule.id, taskKey: 'nightly', kind: 'missed', resolvedAt: null })]);
    const acked = await cli('alert', 'ack', String(open[0]!.id));
    expect(acked.stdout).toContain(`Incident ${open[0]!.id} on nightly acknowledged.`);
    expect((await cli('alert', 'incidents')).stdout).toMatch(/nightly\s+missed\s+.*acknowledged by/);
    expect((await cli('alert', 'remove', rule.id)).stdout).toContain(`Removed alert rule ${rule.id} (missed).`);
    const gone = await cli('alert', 'remove', rule.id);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain(`No alert rule with id '${rule.id}'`);
  }, 120_000);

  it('REST: admins manage rules, anyone reads incidents, operators acknowledge', async () => {
    const { api, tokens: { admin, operator, viewer } } = rest;
    await makeTask(t.db, { key: 'rest-task', schedule: 'every 1 hour' });
    const body = { scope: 'task', taskKey: 'rest-task', kind: 'missed', channel: 'slack', target: 'https://hooks.slack.com/services/T/B/X' };
    expect((await api.call<ApiErrorJson>('POST', '/alerts/rules', { token: operator, body })).status).toBe(403);
    const unknown = await api.call<ApiErrorJson>('POST', '/alerts/rules', { token: admin, body: { ...body, taskKey: 'nope' } });
    expect(unknown.status).toBe(404);
    const created = await api.call<AlertRuleView>('POST', '/alerts/rules', { token: admin, body });
    expect(created.status).toBe(200);
    expect((await api.call<{ items: AlertRuleView[] }>('GET', '/alerts/rules', { token: admin })).body.items.map((r) => r.id)).toContain(created.body.id);

    await t.db.task.updateMany({ where: { key: 'rest-task' }, data: { nextRunAt: new Date(Date.now() - 3600_000) } });
    await checkAlerts({ db: t.db, graceMs: 60_000 });
    const incidents = await api.call<{ items: AlertIncidentView[] }>('GET', '/alerts/incidents?open=true', { token: viewer });
    expect(incidents.status).toBe(200);
    const incident = incidents.body.items.find((i) => i.ruleId === created.body.id)!;
    expect(incident).toMatchObject({ taskKey: 'rest-task', kind: 'missed' });
    expect((await api.call('POST', `/alerts/incidents/${incident.id}/acknowledge`, { token: viewer, body: {} })).status).toBe(403);
    const acked = await api.call<AlertIncidentView>('POST', `/alerts/incidents/${incident.id}/acknowledge`, { token: operator, body: {} });
    expect(acked.status).toBe(200);
    expect(acked.body.acknowledgedAt).not.toBeNull();
    expect((await api.call('DELETE', `/alerts/rules/${created.body.id}`, { token: admin })).status).toBe(200);
  });
});
