import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { isAppError } from '../errors';
import { cancelRun, type CancelOutcome } from './cancel-run';

export interface CancelRunsOptions {
  db: Db;
  runIds: number[];
  actor: Actor;
  now?: Date;
}

export interface CancelRunsResult {
  results: { runId: number; outcome: CancelOutcome | 'not_found' }[];
  /** Queued runs now cancelled. */
  cancelled: number;
  /** Running runs whose worker was asked to stop them (they end `cancelled` within seconds). */
  cancelRequested: number;
  alreadyFinished: number;
  notFound: number;
}

/**
 * Bulk cancel: the one cancel rule (`cancelRun`) applied to each run in turn,
 * each in its own short transaction, so one missing run does not undo the rest.
 */
export async function cancelRuns(options: CancelRunsOptions): Promise<CancelRunsResult> {
  const results: CancelRunsResult['results'] = [];
  for (const runId of [...new Set(options.runIds)]) {
    try {
      results.push({ runId, outcome: await cancelRun({ db: options.db, runId, actor: options.actor, now: options.now }) });
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND') results.push({ runId, outcome: 'not_found' });
      else throw error;
    }
  }
  const count = (o: CancelRunsResult['results'][number]['outcome']) => results.filter((r) => r.outcome === o).length;
  return {
    results,
    cancelled: count('cancelled'),
    cancelRequested: count('cancel_requested'),
    alreadyFinished: count('already_finished'),
    notFound: count('not_found'),
  };
}
