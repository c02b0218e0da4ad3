// The task page's Alerts section: the rules that judge this task (its own,
// its labels', the global ones) and its open incidents. Anyone signed in reads
// it; a rule's target (a Slack URL is a credential, an address is personal)
// only an admin sees.
import type { Db } from '../db';
import { findTaskIdOrThrow } from '../tasks/find-task';
import { listIncidents } from './incidents';
import { listAlertRules } from './rules';
import { rulesFor, tasksWithLabels } from './matching-rules';
import type { AlertIncidentView, AlertRuleView } from './schemas';

export type TaskAlertRule = Omit<AlertRuleView, 'target'> & { target: string | null; taskKey: string | null };

export async function alertsForTask(options: { db: Db; key: string; showTargets: boolean }): Promise<{ rules: TaskAlertRule[]; incidents: AlertIncidentView[] }> {
  const { db } = options;
  const taskId = await findTaskIdOrThrow(db, options.key);
  const task = (await tasksWithLabels(db, [taskId])).get(taskId)!;
  const rules = rulesFor(await listAlertRules({ db }), task);
  const incidents = await listIncidents({ db, open: true, taskId, limit: 50 });
  return { rules: rules.map((r) => ({ ...r, target: options.showTargets ? r.target : null })), incidents };
}
