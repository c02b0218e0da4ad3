import type { Provider } from '../db/url';
import { sqlExecute, type Plan } from './plan';

/**
 * Channel a PostgreSQL worker LISTENs on to pick up queued runs without waiting for its next poll;
 * a custom event is notified on it too (publish-custom-event.ts), for the workers' event triggers.
 */
export const RUN_QUEUED_CHANNEL = 'cronboard_run_queued';

/**
 * The NOTIFY as an SQL expression, for a statement that makes runs claimable.
 * PostgreSQL delivers a NOTIFY when the transaction that sent it commits,
 * whether that is the statement's own or a caller's, so listeners wake exactly
 * when the runs become visible to their claim (and never for a rollback).
 */
export const NOTIFY_RUN_QUEUED_SQL = `pg_notify('${RUN_QUEUED_CHANNEL}', '')`;

/** The same as a plan step (requeue). SQLite workers poll: nothing to do there. */
export function* notifyRunQueued(provider: Provider): Plan<void> {
  if (provider === 'postgresql') yield* sqlExecute(`SELECT ${NOTIFY_RUN_QUEUED_SQL}`);
}
