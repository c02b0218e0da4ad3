// The run rows of the grouped activity feed: the state each run event leaves
// a run in, and one sentence per state, built from the catalogue's types.
import { formatDuration } from '../lib/format-duration';
import { num, str, type EventType } from './catalogue';

/**
 * Where a run stands, as its events tell it: the grouped activity feed prints
 * one row per run with the sentence of its latest state.
 */
export type RunState = 'queued' | 'running' | 'succeeded' | 'failed' | 'timed_out' | 'cancelled' | 'skipped';

/** The run state each run event leaves the run in (task.moved and the rest change nothing). */
export const RUN_STATE_AFTER: Partial<Record<EventType, RunState>> = {
  'run.queued': 'queued',
  'run.retry_scheduled': 'queued',
  'run.started': 'running',
  'run.succeeded': 'succeeded',
  'run.failed': 'failed',
  'run.timed_out': 'timed_out',
  'run.cancelled': 'cancelled',
  'run.skipped': 'skipped',
};

/** States someone should look at: the feed highlights them. */
export const FAILED_RUN_STATES: readonly RunState[] = ['failed', 'timed_out'];
/** Event types the feed highlights when they stand alone. */
export const FAILURE_EVENT_TYPES: readonly EventType[] = ['run.failed', 'run.timed_out', 'worker.lost'];

export interface RunSentenceParts {
  /** "Run #41" */
  run: string;
  /** The task's name (or key when deleted). */
  task: string;
  /** Who brought the run to this state: "Ada", "worker w1". */
  who: string;
  /** The state event's payload (durationMs, error, trigger…), read defensively. */
  payload: Record<string, unknown>;
}

const after = (payload: Record<string, unknown>, word: string): string => {
  const ms = num(payload.durationMs);
  return ms === undefined ? '' : ` ${word} ${formatDuration(ms)}`;
};

/** The feed's sentence for a run row: "Run #41 of Nightly backup failed after 3.2 s: exit code 3". */
export const RUN_SENTENCES: { readonly [S in RunState]: (parts: RunSentenceParts) => string } = {
  queued: ({ run, task, who, payload }) =>
    payload.requeued ? `${run} of ${task} is back in the queue (${who})` : `${run} of ${task} is queued${str(payload.trigger) === 'schedule' ? ' (scheduled)' : ` by ${who}`}`,
  running: ({ run, task, who }) => `${run} of ${task} is running on ${who}`,
  succeeded: ({ run, task, payload }) => `${run} of ${task} succeeded${after(payload, 'in')}`,
  failed: ({ run, task, payload }) => `${run} of ${task} failed${after(payload, 'after')}${str(payload.error) ? `: ${str(payload.error)}` : ''}`,
  timed_out: ({ run, task, payload }) => `${run} of ${task} timed out${after(payload, 'after')}`,
  cancelled: ({ run, task, who }) => `${run} of ${task} was cancelled by ${who}`,
  skipped: ({ run, task }) => `${run} of ${task} was skipped: the previous run was still going`,
};
