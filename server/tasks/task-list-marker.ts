// A cheap change marker of everything a task list shows (GET /api/v1/tasks):
// one aggregate statement over Task, its labels and Label, read from the
// database on every request, so a change made by any process (another web
// process, the CLI, a worker finishing a run) changes it at once. The REST
// transport's conditional GET and its cache of the serialized page are keyed
// by it (server/http/list-cache.ts).
//
// Sums, not maxima: a maximum of updatedAt misses a write that commits after
// a later-stamped one (PostgreSQL) or carries a clock behind another process's;
// a sum of every row's updatedAt, version and boardVersion changes whenever any
// row's does, whatever the commit order. Every write to a task sets updatedAt
// (Prisma's @updatedAt; the worker's raw statements set it), and next/last run
// times are summed too, so the one change it could miss is a second write to
// the same task in the same millisecond that changes neither version nor any
// of those times.
import { providerOf, type Db } from '../db';

const epochMs = {
  sqlite: (column: string) => `CAST(ROUND((julianday(t."${column}") - 2440587.5) * 86400000) AS INTEGER)`,
  postgresql: (column: string) => `(EXTRACT(EPOCH FROM t."${column}") * 1000)::bigint`,
};

function markerSql(provider: 'sqlite' | 'postgresql'): string {
  const ms = epochMs[provider];
  const labels =
    provider === 'postgresql'
      ? `(SELECT string_agg(l."id" || '=' || l."name" || '=' || COALESCE(l."color", ''), ',' ORDER BY l."id") FROM "Label" l)`
      : `(SELECT group_concat(x.v, ',') FROM (SELECT l."id" || '=' || l."name" || '=' || COALESCE(l."color", '') AS v FROM "Label" l ORDER BY l."id") x)`;
  return `SELECT
    (SELECT COUNT(*) || ':' || COALESCE(MAX(t."id"), 0) || ':' || COALESCE(SUM(t."version"), 0) || ':' || COALESCE(SUM(t."boardVersion"), 0)
       || ':' || COALESCE(SUM(${ms('updatedAt')}), 0) || ':' || COALESCE(SUM(${ms('nextRunAt')}), 0) || ':' || COALESCE(SUM(${ms('lastRunAt')}), 0)
     FROM "Task" t) AS "tasks",
    (SELECT COUNT(*) || ':' || COALESCE(SUM(lt."A"), 0) || ':' || COALESCE(SUM(lt."B"), 0) || ':' || COALESCE(SUM(lt."A" * lt."B"), 0) FROM "_LabelToTask" lt) AS "links",
    COALESCE(${labels}, '') AS "labels"`;
}

const SQL = { sqlite: markerSql('sqlite'), postgresql: markerSql('postgresql') };

async function aggregateMarker(db: Db, provider: 'sqlite' | 'postgresql'): Promise<string> {
  const rows = await db.$queryRawUnsafe<{ tasks: unknown; links: unknown; labels: unknown }[]>(SQL[provider]);
  const row = rows[0];
  return row ? `${String(row.tasks)}|${String(row.links)}|${String(row.labels)}` : '';
}

/**
 * SQLite: whether the database changed at all since the last aggregate, without
 * reading a row. The adapter holds one connection; `PRAGMA data_version` changes
 * when another connection (process) commits, `total_changes()` when this one
 * writes. Unchanged, the last marker still holds: the aggregate (~1,000 rows'
 * times parsed, a few ms on a loaded machine) is only run after a write.
 */
const DB_VERSION_SQL = 'SELECT total_changes() AS "changes", data_version AS "version" FROM pragma_data_version';
const lastSqlite = new WeakMap<Db, { version: string; marker: string }>();

/** The marker as one string: equal strings, the same list (for any filter and page). */
export async function taskListMarker(options: { db: Db }): Promise<string> {
  const provider = providerOf(options.db);
  if (provider !== 'sqlite') return aggregateMarker(options.db, provider);
  const [row] = await options.db.$queryRawUnsafe<{ changes: unknown; version: unknown }[]>(DB_VERSION_SQL);
  const version = `${String(row?.changes)}:${String(row?.version)}`;
  const last = lastSqlite.get(options.db);
  if (last?.version === version) return last.marker;
  // Read after the version: the marker is of a state at least as new, so a later equal version means this very state.
  const marker = await aggregateMarker(options.db, provider);
  lastSqlite.set(options.db, { version, marker });
  return marker;
}
