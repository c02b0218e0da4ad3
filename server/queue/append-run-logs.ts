import type { Db } from '../db/client';
import { writeTransaction } from '../db/write-transaction';

export interface LogChunkInput {
  seq: number;
  stream: string;
  data: string;
}

export interface AppendRunLogsOptions {
  db: Db;
  runId: number;
  claimToken: string;
  chunks: LogChunkInput[];
}

/**
 * Streams a batch of output chunks into RunLog while the run goes, so the UI
 * and `cronboard logs --follow` can tail it. Guarded by the claim token: a
 * worker that lost its lease writes nothing. Returns false in that case.
 */
export async function appendRunLogs(options: AppendRunLogsOptions): Promise<boolean> {
  if (options.chunks.length === 0) return true;
  return writeTransaction(options.db, async (tx) => {
    const { count } = await tx.run.updateMany({
      where: { id: options.runId, claimToken: options.claimToken, status: 'running' },
      data: { logBytes: { increment: options.chunks.reduce((n, c) => n + Buffer.byteLength(c.data), 0) } },
    });
    if (count !== 1) return false;
    await tx.runLog.createMany({
      data: options.chunks.map((c) => ({ runId: options.runId, seq: c.seq, stream: c.stream, data: c.data })),
    });
    return true;
  });
}
