import type { Db } from '../db';
import { getRunLogs } from './get-run-logs';

export interface ExportRunLogOptions {
  db: Db;
  runId: number;
}

/**
 * A run's whole log as plain text, for download: the chunks in order, exactly
 * as written (stdout and stderr interleaved as they arrived); system lines
 * (truncation marker, worker notes) prefixed with `[cronboard] `; a finished
 * run without any is `[cronboard] no output`.
 * Throws NOT_FOUND for a missing run.
 */
export async function exportRunLog(options: ExportRunLogOptions): Promise<{ text: string; complete: boolean }> {
  const parts: string[] = [];
  let afterSeq: number | null = null;
  for (;;) {
    const logs = await getRunLogs({ db: options.db, runId: options.runId, afterSeq, limit: 2000 });
    for (const c of logs.chunks) {
      parts.push(
        c.stream === 'system'
          ? `${parts.length && !parts.at(-1)!.endsWith('\n') ? '\n' : ''}[cronboard] ${c.data}${c.data.endsWith('\n') ? '' : '\n'}`
          : c.data,
      );
    }
    if (logs.chunks.length < 2000) {
      // A finished run that wrote nothing stores no log rows: say so rather than answer an empty text.
      const text = parts.length === 0 && logs.complete ? '[cronboard] no output\n' : parts.join('');
      return { text, complete: logs.complete };
    }
    afterSeq = logs.lastSeq;
  }
}
