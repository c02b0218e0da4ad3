// The rows of one page of GET /api/v1/tasks in one SQL statement, labels
// aggregated as JSON beside each task (both providers). Prisma's findMany
// with the labels relation makes two statements (tasks, then their labels)
// and compiles both on every request; this is one, with no compile step
// (issue 12: Prisma was the largest part of a list request's CPU).
// The columns are taskViewSelect's; rows come back in its payload's shape, so
// toTaskView reads them as it reads Prisma's.
import type { Prisma } from '../../prisma/generated/sqlite/client';
import { providerOf, type Db } from '../db';
import { queryRows } from '../db/query-rows';
import { bind, readTs } from '../queue/sql';
import { taskViewSelect } from './task-view';
import type { TaskFilters } from './search-tasks';

export type TaskPageRow = Prisma.TaskGetPayload<{ select: typeof taskViewSelect }>;

const COLUMNS = Object.keys(taskViewSelect).filter((column) => column !== 'labels');
const INTEGERS = new Set(['id', 'priority', 'maxRetries', 'timeoutSeconds', 'version', 'boardVersion']);
const TIMES = new Set(['nextRunAt', 'lastRunAt', 'createdAt', 'updatedAt']);

/** `q` matched as written: LIKE's wildcards (`%`, `_`) and the escape character itself are taken literally. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function labelsSql(provider: 'sqlite' | 'postgresql'): string {
  const from = `FROM "_LabelToTask" lt JOIN "Label" l ON l."id" = lt."A" WHERE lt."B" = t."id"`;
  return provider === 'postgresql'
    ? `COALESCE((SELECT json_agg(json_build_object('name', l."name", 'color', l."color") ORDER BY l."id") ${from}), '[]'::json)`
    : `(SELECT json_group_array(json_object('name', x."name", 'color', x."color")) FROM (SELECT l."name", l."color" ${from} ORDER BY l."id") x)`;
}

export async function selectTaskPage(options: { db: Db; filters: TaskFilters; cursor?: number | null; take: number }): Promise<TaskPageRow[]> {
  const provider = providerOf(options.db);
  const f = options.filters;
  const params: unknown[] = [];
  const where: string[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (f.status) where.push(`t."status" = ${param(f.status)}`);
  if (f.paused !== undefined) where.push(`t."paused" = ${param(provider === 'sqlite' ? (f.paused ? 1 : 0) : f.paused)}`);
  if (f.label) where.push(`EXISTS (SELECT 1 FROM "_LabelToTask" lt JOIN "Label" l ON l."id" = lt."A" WHERE lt."B" = t."id" AND l."name" = ${param(f.label)})`);
  if (f.q) {
    // SQLite's LIKE ignores ASCII case already; PostgreSQL's needs ILIKE.
    const like = provider === 'postgresql' ? 'ILIKE' : 'LIKE';
    const p = param(likePattern(f.q));
    where.push(`(t."key" ${like} ${p} ESCAPE '\\' OR t."name" ${like} ${p} ESCAPE '\\')`);
  }
  if (options.cursor) where.push(`t."id" > ${param(options.cursor)}`);
  const text = `SELECT ${COLUMNS.map((c) => `t."${c}"`).join(', ')}, ${labelsSql(provider)} AS "labels" FROM "Task" t${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY t."id" ASC LIMIT ${param(options.take)}`;
  const [sql, args] = bind(provider, text, params);
  const rows = await queryRows(options.db, sql, args);
  return rows.map(toRow);
}

function toRow(raw: Record<string, unknown>): TaskPageRow {
  const row: Record<string, unknown> = {};
  for (const column of COLUMNS) {
    const value = raw[column];
    if (value === null || value === undefined) row[column] = null;
    else if (INTEGERS.has(column)) row[column] = Number(value);
    else if (TIMES.has(column)) row[column] = readTs(value);
    else if (column === 'position') row[column] = Number(value);
    else if (column === 'paused') row[column] = value === true || Number(value) === 1;
    else row[column] = value;
  }
  const labels: unknown = typeof raw.labels === 'string' ? JSON.parse(raw.labels) : raw.labels;
  row.labels = Array.isArray(labels) ? labels : [];
  return row as TaskPageRow;
}
