// The alert evaluator's event half: a consumer of the Event table with its own
// cursor (ALERTS_CURSOR_KEY, like the webhook fan-out's), judging finished runs
// against the failures and recovery rules. N failures in a row open the rule's
// incident for the task (counted in the Run table up to the failed run, so a
// lagging evaluator counts what had happened then); the first success resolves
// it. A finished run also resolves the too-long incident it opened.
import type { Db } from '../db';
import { providerOf } from '../db';
import { writeTransaction, type WriteTx } from '../db/write-transaction';
import { consumeNewEvents, hasNewEvents, type ConsumerState } from '../events/event-consumer';
import type { EventRow } from '../events/read-new-events';
import { alertsActive } from './alerts-active';
import { ALERTS_LOCK, openIncident, resolveIncidents } from './incidents';
import { activeRules, rulesFor, tasksWithLabels, type ActiveRule } from './matching-rules';

export const ALERTS_CURSOR_KEY = 'alerts.cursor';

const FAILED = new Set(['run.failed', 'run.timed_out']);
const FINISHED = new Set(['run.succeeded', 'run.failed', 'run.timed_out', 'run.cancelled']);

/** One pass over new events: how many incidents it opened or resolved, and whether more events wait. */
export async function evaluateAlertEvents(options: { db: Db; state: ConsumerState; limit?: number; now?: Date }): Promise<{ changed: number; more: boolean }> {
  const { db } = options;
  // Nothing to judge: the cursor stays where it is (createAlertRule and a switch to enabled move it to the newest event).
  if (!(await alertsActive(db)) || !(await hasNewEvents(db, ALERTS_CURSOR_KEY, options.state))) return { changed: 0, more: false };
  return writeTransaction(
    db,
    async (tx) => {
      const read = await consumeNewEvents({ tx, provider: providerOf(db), key: ALERTS_CURSOR_KEY, state: options.state, limit: options.limit });
      if (!read) return { changed: 0, more: false };
      const finished = read.rows.filter((e) => FINISHED.has(e.type) && e.runId !== null);
      let changed = 0;
      if (finished.length > 0) {
        const rules = await activeRules(tx, ['failures', 'recovery']);
        const runs = new Map((await tx.run.findMany({ where: { id: { in: finished.map((e) => e.runId!) } }, select: { id: true, taskId: true } })).map((r) => [r.id, r.taskId]));
        const tasks = await tasksWithLabels(tx, [...runs.values()]);
        for (const event of finished) {
          const task = tasks.get(runs.get(event.runId!) ?? -1);
          if (!task) continue;
          changed += await judge(tx, event, task, rulesFor(rules, task), options.now ?? new Date());
        }
      }
      await read.commit();
      return { changed, more: read.more };
    },
    { serializeOn: ALERTS_LOCK },
  );
}

async function judge(tx: WriteTx, event: EventRow, task: { id: number; key: string }, rules: ActiveRule[], now: Date): Promise<number> {
  const runId = event.runId!;
  let changed = await resolveIncidents(tx, { where: { runId, kind: ['too_long'] }, by: `run #${runId} finished`, runId, now });
  if (event.type === 'run.succeeded') {
    return changed + (await resolveIncidents(tx, { where: { taskId: task.id, kind: ['failures', 'recovery'] }, by: `run #${runId} succeeded`, runId, now }));
  }
  if (!FAILED.has(event.type) || rules.length === 0) return changed;
  const inARow = await failuresInARow(tx, task.id, runId);
  const error = (event.payload as { error?: unknown } | null)?.error;
  const what = `${event.type === 'run.timed_out' ? 'timed out' : 'failed'}${typeof error === 'string' && error !== '' ? `: ${error}` : ''}`;
  for (const rule of rules) {
    if (rule.kind === 'failures' && inARow < rule.threshold) continue;
    const reason = inARow > 1 ? `run #${runId} ${what} (${inARow} failures in a row)` : `run #${runId} ${what}`;
    if (await openIncident(tx, { rule, task, runId, reason, now })) changed += 1;
  }
  return changed;
}

/** Failed or timed-out runs of the task since its last success, up to and including this run. */
async function failuresInARow(tx: WriteTx, taskId: number, runId: number): Promise<number> {
  const lastOk = await tx.run.findFirst({ where: { taskId, status: 'succeeded', id: { lt: runId } }, orderBy: { id: 'desc' }, select: { id: true } });
  return tx.run.count({ where: { taskId, status: { in: ['failed', 'timed_out'] }, id: { gt: lastOk?.id ?? 0, lte: runId } } });
}
