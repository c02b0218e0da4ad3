// The event-trigger form (issue 13 item 6): `on: email.batch_processed`,
// `on: email.*`, or a chain `on: run.succeeded of nightly-backup` (also
// run.failed, run.finished). It has no fire times: the event consumer
// (server/triggers/) queues a run when a matching event is recorded.
import { patternProblem, RESERVED_NAMESPACES, typeMatchesPattern } from '../webhooks/patterns';
import { fail, type Parsed } from './types';

/** The outcomes a chain can follow, and the run events each one matches. */
export const CHAIN_OUTCOMES = {
  succeeded: ['run.succeeded'],
  // A timeout is a failure to whoever waits on the task.
  failed: ['run.failed', 'run.timed_out'],
  finished: ['run.succeeded', 'run.failed', 'run.timed_out'],
} as const;
export type ChainOutcome = keyof typeof CHAIN_OUTCOMES;

/** How each outcome reads after a task's name ("After nightly-backup succeeds"). */
export const OUTCOME_VERBS: Record<ChainOutcome, string> = { succeeded: 'succeeds', failed: 'fails', finished: 'finishes' };

export interface EventTrigger {
  /** Canonical form: `on: email.batch_processed`, `on: run.succeeded of nightly-backup`. */
  expression: string;
  /** A custom event type or family (`email.*`), or `run.succeeded|failed|finished` with `taskKey`. */
  pattern: string;
  /** The task a chain follows; null for a custom event pattern. */
  taskKey: string | null;
}

const ON = /^on\s*:/i;
const TASK_KEY = /^[a-z0-9][a-z0-9._-]{0,79}$/;

export function looksLikeOn(text: string): boolean {
  return ON.test(text.trim());
}

/** What follows `on:` in a stored schedule (YAML `on:`), or null when it is not the event form. */
export function onBody(schedule: string): string | null {
  return looksLikeOn(schedule) ? schedule.trim().replace(ON, '').trim() : null;
}

/** The schedule for an event given on its own (CLI `--on`, YAML `on:`): `on: ` + it, unless it already says so. */
export function onSchedule(event: string): string {
  return looksLikeOn(event) ? event.trim() : `on: ${event.trim()}`;
}

export function parseOn(input: string): Parsed<EventTrigger> {
  const offset = input.indexOf(':') + 1;
  const body = input.slice(offset).trim();
  const at = offset + input.slice(offset).indexOf(body);
  if (body === '') return fail("'on:' needs an event, e.g. 'on: email.batch_processed' or 'on: run.succeeded of nightly-backup'", 'schedule', offset);
  const chain = /^run\.(\S+)\s+of\s+(\S+)$/i.exec(body);
  if (chain) {
    const outcome = chain[1]!.toLowerCase();
    const taskKey = chain[2]!;
    if (!(outcome in CHAIN_OUTCOMES)) return fail(`'run.${outcome} of …': a chain follows run.succeeded, run.failed or run.finished`, 'schedule', at);
    if (!TASK_KEY.test(taskKey)) return fail(`'${taskKey}' is not a task key (lowercase letters, digits, '.', '-', '_')`, 'schedule', at + body.lastIndexOf(taskKey));
    const pattern = `run.${outcome}`;
    return { ok: true, value: { expression: `on: ${pattern} of ${taskKey}`, pattern, taskKey } };
  }
  if (/\s/.test(body)) return fail(`'on: ${body}': expected one event type, or 'run.succeeded of TASK-KEY'`, 'schedule', at);
  const pattern = body.toLowerCase();
  if (RESERVED_NAMESPACES.includes(pattern.split('.')[0]!)) {
    return fail(
      `'${body}': of Cronboard's own events a task follows only another task's end: 'on: run.succeeded of KEY' (or run.failed, run.finished)`,
      'schedule',
      at,
    );
  }
  const problem = pattern === '*' ? "'*' would follow every event, this task's own included" : patternProblem(pattern);
  if (problem) return fail(problem, 'schedule', at);
  return { ok: true, value: { expression: `on: ${pattern}`, pattern, taskKey: null } };
}

/** The outcome a chain follows (`run.failed of KEY` → failed). */
export function onOutcome(trigger: Pick<EventTrigger, 'pattern'>): ChainOutcome {
  return trigger.pattern.slice('run.'.length) as ChainOutcome;
}

/** The schedule of a chain: `on: run.succeeded of nightly-backup` (the "Run after" picker). */
export function chainSchedule(outcome: ChainOutcome, taskKey: string): string {
  return `on: run.${outcome} of ${taskKey}`;
}

/** Does this event start a run of a task with this trigger? */
export function triggerMatches(trigger: Pick<EventTrigger, 'pattern' | 'taskKey'>, event: { type: string; taskKey: string | null }): boolean {
  if (trigger.taskKey === null) return typeMatchesPattern(event.type, trigger.pattern);
  if (event.taskKey !== trigger.taskKey) return false;
  return (CHAIN_OUTCOMES[onOutcome(trigger)] as readonly string[] | undefined)?.includes(event.type) ?? false;
}

export function describeTrigger(trigger: Pick<EventTrigger, 'pattern' | 'taskKey'>): string {
  if (trigger.taskKey === null) return `When ${trigger.pattern} is published`;
  return `After ${trigger.taskKey} ${OUTCOME_VERBS[onOutcome(trigger)]}`;
}
