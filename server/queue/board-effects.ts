import { isStoppedColumn, type TaskStatus } from '../tasks/constants';

// PRODUCT.md "The board and the worker together", as pure decisions.

/** A worker starts a run: the card moves to In progress if it was in Todo or In review. */
export function columnWhenStarted(current: TaskStatus): TaskStatus | null {
  return current === 'todo' || current === 'in_review' ? 'in_progress' : null;
}

export type RunOutcome = 'succeeded' | 'failed' | 'timed_out' | 'cancelled';

/**
 * A run ended with no retry to follow. A recurring task that succeeded returns
 * to Todo; a one-time or manual one goes to In review; a failure or timeout
 * goes to In review so someone looks at it. Cards a person put in Done or
 * Cancelled meanwhile stay there.
 */
export function columnWhenFinished(current: TaskStatus, outcome: RunOutcome, scheduleKind: string): TaskStatus | null {
  if (isStoppedColumn(current)) return null;
  // An event-triggered task (`on: …`) runs again at its next event: recurring too.
  const recurring = scheduleKind === 'cron' || scheduleKind === 'interval' || scheduleKind === 'event';
  const target: TaskStatus =
    outcome === 'succeeded' || outcome === 'cancelled' ? (recurring ? 'todo' : 'in_review') : 'in_review';
  return target === current ? null : target;
}
