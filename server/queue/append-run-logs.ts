import type { Db } from '../db/client';
import { providerOf } from '../db/client';
import type { Provider } from '../db/url';
import { runPlan, sqlExecute, type Plan } from './plan';
import { valuesList } from './sql';

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
  now?: Date;
}

/**
 * Streams a batch of output chunks into RunLog while the run goes, so the UI
 * and `cronboard logs --follow` can tail it. Guarded by the claim token: a
 * worker that lost its lease writes nothing. Returns false in that case.
 */
export async function appendRunLogs(options: AppendRunLogsOptions): Promise<boolean> {
  if (options.chunks.length === 0) return true;
  const provider = providerOf(options.db);
  return runPlan(options.db, () => appendPlan(provider, options, options.now ?? new Date()));
}

function* appendPlan(provider: Provider, options: AppendRunLogsOptions, now: Date): Plan<boolean> {
  const bytes = options.chunks.reduce((n, c) => n + Buffer.byteLength(c.data), 0);
  const count = yield* sqlExecute(
    `UPDATE "Run" SET "logBytes" = "logBytes" + $1 WHERE id = $2 AND "claimToken" = $3 AND status = 'running'`,
    [bytes, options.runId, options.claimToken],
  );
  if (count !== 1) return false;
  const params: unknown[] = [];
  const rows = valuesList(
    provider,
    ['int', 'int', 'text', 'text', 'ts'],
    options.chunks.map((c) => [options.runId, c.seq, c.stream, c.data, now]),
    params,
  );
  yield* sqlExecute(`INSERT INTO "RunLog" ("runId", seq, stream, data, "createdAt") VALUES ${rows}`, params);
  return true;
}
