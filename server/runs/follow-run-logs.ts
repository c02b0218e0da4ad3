import type { Db } from '../db';
import { abortableSleep } from '../lib/abortable-sleep';
import { getRunLogs, type RunLogChunk } from './get-run-logs';
import type { RunStatus } from '../tasks/constants';

export interface FollowRunLogsOptions {
  db: Db;
  runId: number;
  /** Start after this seq (an SSE client's Last-Event-ID); null: from the start. */
  afterSeq?: number | null;
  /** Stops the follow (client gone). */
  signal?: AbortSignal;
  /** How often to look for new chunks while the run is live (default 500 ms). */
  pollMs?: number;
  /** Chunks per read (default 500). */
  batch?: number;
}

export type FollowUpdate =
  | { kind: 'chunks'; chunks: RunLogChunk[]; lastSeq: number; status: RunStatus; logTruncated: boolean }
  | { kind: 'end'; status: RunStatus; logTruncated: boolean };

/**
 * A run's log as it grows: yields batches of new chunks (after the last seq
 * seen), polling while the run is queued or running, then one `end` once the
 * run is finished and every chunk has been delivered. Ends early, without a
 * timer left behind, when `signal` aborts. Throws NOT_FOUND for a missing run.
 */
export async function* followRunLogs(options: FollowRunLogsOptions): AsyncGenerator<FollowUpdate> {
  const pollMs = options.pollMs ?? 500;
  const batch = options.batch ?? 500;
  let afterSeq = options.afterSeq ?? null;
  while (!options.signal?.aborted) {
    const logs = await getRunLogs({ db: options.db, runId: options.runId, afterSeq, limit: batch });
    if (logs.chunks.length > 0) {
      afterSeq = logs.lastSeq;
      yield { kind: 'chunks', chunks: logs.chunks, lastSeq: logs.lastSeq!, status: logs.status, logTruncated: logs.logTruncated };
    }
    if (logs.complete) {
      yield { kind: 'end', status: logs.status, logTruncated: logs.logTruncated };
      return;
    }
    if (logs.chunks.length < batch) await abortableSleep(pollMs, options.signal);
  }
}
