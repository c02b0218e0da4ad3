import { providerOf, type Db, type Provider } from '../db';

/** Runs on a card's history strip. */
export const STRIP_RUNS = 10;

export interface StripRow {
  id: number;
  status: string;
  /** Epoch ms; null for a run that never started. */
  startedAt: number | null;
  durationMs: number | null;
}

/**
 * The last STRIP_RUNS runs of every task that got past the queue, in one read
 * that stays bounded per task (index Run(taskId, id), newest first, ten steps a
 * task), so board.get does not grow with history: PostgreSQL with a lateral
 * join, SQLite (no LATERAL) by joining each task's runs from its tenth-newest id.
 * Each task's runs come back as one text ("id,status,startedMs,durationMs"
 * joined by spaces, newest first): one row a task, not ten, since the driver's
 * and Prisma's cost per row was most of the read (10,000 rows: ~300 of
 * ~480 ms on SQLite at 1M runs, a loaded machine).
 */
function stripSql(provider: Provider, taskIds?: number[]): string {
  // Whole numbers from the database, written into the text (a list of 60 placeholders would be no safer).
  const only = taskIds ? `t.id IN (${taskIds.map((id) => String(Math.trunc(Number(id)))).join(',') || 'NULL'})` : '';
  if (provider === 'postgresql')
    return `SELECT t.id AS "taskId", string_agg(r.id || ',' || r.status || ',' || COALESCE((extract(epoch FROM r."startedAt") * 1000)::bigint::text, '')
          || ',' || COALESCE(r."durationMs"::text, ''), ' ' ORDER BY r.id DESC) AS runs
      FROM "Task" t CROSS JOIN LATERAL (
        SELECT id, status, "startedAt", "durationMs" FROM "Run" WHERE "taskId" = t.id AND status <> 'queued' ORDER BY id DESC LIMIT ${STRIP_RUNS}) r
      ${only && `WHERE ${only}`}
      GROUP BY t.id`;
  // CROSS JOIN keeps Task the outer loop on SQLite; dates are ISO text there.
  return `SELECT r."taskId" AS "taskId", group_concat(r.id || ',' || r.status || ',' || COALESCE(CAST(ROUND(unixepoch(r."startedAt", 'subsec') * 1000) AS INTEGER), '')
          || ',' || COALESCE(r."durationMs", ''), ' ' ORDER BY r.id DESC) AS runs
    FROM "Task" t CROSS JOIN "Run" r
    WHERE r."taskId" = t.id AND r.status <> 'queued'${only && ` AND ${only}`}
      AND r.id >= COALESCE((SELECT x.id FROM "Run" x WHERE x."taskId" = t.id AND x.status <> 'queued'
                            ORDER BY x.id DESC LIMIT 1 OFFSET ${STRIP_RUNS - 1}), 0)
    GROUP BY r."taskId"`;
}

const numberOrNull = (text: string | undefined) => (text === undefined || text === '' ? null : Number(text));

/** Each task's strip runs (of every task, or of `taskIds`), newest first, by task id. */
export async function readStripRuns(db: Db, taskIds?: number[]): Promise<Map<number, StripRow[]>> {
  const rows = await db.$queryRawUnsafe<{ taskId: number | bigint; runs: string }[]>(stripSql(providerOf(db), taskIds));
  return new Map(
    rows.map((row) => [
      Number(row.taskId),
      row.runs.split(' ').map((part) => {
        const [id, status = '', startedAt, durationMs] = part.split(',');
        return { id: Number(id), status, startedAt: numberOrNull(startedAt), durationMs: numberOrNull(durationMs) };
      }),
    ]),
  );
}
