import type { WriteTx } from '../db/write-transaction';
import type { AlertKind, AlertRuleView } from './schemas';

export type ActiveRule = Pick<AlertRuleView, 'id' | 'scope' | 'taskId' | 'label' | 'kind' | 'threshold' | 'limitSeconds' | 'p95Factor' | 'remindMinutes'>;

/** The enabled rules of these kinds (one query per pass). */
export function activeRules(tx: Pick<WriteTx, 'alertRule'>, kinds: AlertKind[]): Promise<ActiveRule[]> {
  return tx.alertRule.findMany({
    where: { enabled: true, kind: { in: kinds } },
    select: { id: true, scope: true, taskId: true, label: true, kind: true, threshold: true, limitSeconds: true, p95Factor: true, remindMinutes: true },
  });
}

/** The rules that judge a task: global ones, its own, and those of its labels. */
export function rulesFor<R extends ActiveRule>(rules: R[], task: { id: number; labels: string[] }): R[] {
  return rules.filter((r) => r.scope === 'global' || (r.scope === 'task' && r.taskId === task.id) || (r.scope === 'label' && r.label !== null && task.labels.includes(r.label)));
}

/** Tasks with their labels, by id. */
export async function tasksWithLabels(tx: Pick<WriteTx, 'task'>, ids: number[]): Promise<Map<number, { id: number; key: string; labels: string[] }>> {
  if (ids.length === 0) return new Map();
  const tasks = await tx.task.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, key: true, labels: { select: { name: true } } } });
  return new Map(tasks.map((t) => [t.id, { id: t.id, key: t.key, labels: t.labels.map((l) => l.name) }]));
}
