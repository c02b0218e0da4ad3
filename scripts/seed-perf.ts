// Fills a database with a dashboard-sized load: N tasks (spread over the board
// columns) and M runs (over the last 30 days, newest last, mostly succeeded, a
// tail of failures, a few queued and running), plus one event per run, with
// bulk inserts (one transaction of prepared statements on SQLite,
// INSERT … SELECT generate_series on PostgreSQL). Migrates first.
//
//   npx tsx scripts/seed-perf.ts --url file:./data/perf.db [--tasks 1000] [--runs 100000]
import Database from 'better-sqlite3';
import pg from 'pg';
import { migrateDatabase, parseDatabaseUrl } from '../server/db';

export interface SeedPerfOptions {
  url: string;
  tasks?: number;
  runs?: number;
  now?: Date;
}

export interface SeedPerfResult {
  tasks: number;
  runs: number;
  events: number;
  ms: number;
}

const COLUMNS = ['todo', 'in_progress', 'in_review', 'done', 'cancelled'];
const SPAN_MS = 30 * 86_400_000;

/** Run i's status: 2% queued and 0.1% running among the newest, otherwise ~89% succeeded, 6% failed, 1% timed out, 2% cancelled, 2% skipped. */
function statusOf(i: number, runs: number): string {
  if (i >= runs - Math.max(1, Math.floor(runs / 1000))) return 'running';
  if (i >= runs - Math.floor(runs / 50)) return 'queued';
  const m = i % 100;
  if (m < 6) return 'failed';
  if (m < 7) return 'timed_out';
  if (m < 9) return 'cancelled';
  if (m < 11) return 'skipped';
  return 'succeeded';
}

export async function seedPerf(options: SeedPerfOptions): Promise<SeedPerfResult> {
  const tasks = options.tasks ?? 1000;
  const runs = options.runs ?? 100_000;
  const now = options.now ?? new Date();
  const start = Date.now();
  await migrateDatabase({ url: options.url });
  const { provider } = parseDatabaseUrl(options.url);
  if (provider === 'sqlite') seedSqlite(options.url.replace(/^file:/, ''), tasks, runs, now);
  else await seedPostgres(options.url, tasks, runs, now);
  return { tasks, runs, events: runs, ms: Date.now() - start };
}

function seedSqlite(file: string, tasks: number, runs: number, now: Date) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');
  const insertTask = db.prepare(
    `INSERT INTO "Task" ("key","name","kind","command","schedule","scheduleKind","timezone","priority","status","position","createdAt","updatedAt","source")
     VALUES (?,?,'shell','true','*/5 * * * *','cron','UTC',?,?,?,?,?,'cli')`,
  );
  const insertRun = db.prepare(
    `INSERT INTO "Run" ("taskId","status","trigger","attempt","basePriority","priority","scheduledFor","availableAt","createdAt","startedAt","finishedAt","durationMs","exitCode","error","requestedBy")
     VALUES (?,?,?,1,1,1,?,?,?,?,?,?,?,?,?)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO "Event" ("type","at","actorType","actorName","taskId","taskKey","runId","payload") VALUES (?,?,?,?,?,?,?,'{}')`,
  );
  db.transaction(() => {
    for (let t = 1; t <= tasks; t++) {
      insertTask.run(`perf-${t}`, `Perf task ${t}`, t % 4, COLUMNS[t % COLUMNS.length], t, iso(now), iso(now));
    }
    for (let i = 0; i < runs; i++) {
      const taskId = (i % tasks) + 1;
      const at = new Date(now.getTime() - SPAN_MS + Math.floor((i * SPAN_MS) / runs));
      const status = statusOf(i, runs);
      const scheduled = i % 10 !== 0;
      const finished = status !== 'queued' && status !== 'running';
      const ran = finished && status !== 'skipped' && status !== 'cancelled';
      insertRun.run(
        taskId,
        status,
        scheduled ? 'schedule' : 'manual',
        scheduled ? iso(at) : null,
        iso(at),
        iso(at),
        ran || status === 'running' ? iso(at) : null,
        finished ? iso(new Date(at.getTime() + 1500)) : null,
        ran ? 1500 : null,
        ran ? (status === 'succeeded' ? 0 : 1) : null,
        status === 'failed' ? 'exit code 1' : null,
        scheduled ? 'schedule' : 'perf',
      );
      insertEvent.run(
        finished ? `run.${status}` : `run.${status === 'running' ? 'started' : 'queued'}`,
        iso(at),
        'worker',
        'perf-worker',
        taskId,
        `perf-${taskId}`,
        i + 1,
      );
    }
  })();
  db.exec('ANALYZE');
  db.close();
}

async function seedPostgres(url: string, tasks: number, runs: number, now: Date) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO "Task" ("key","name","kind","command","schedule","scheduleKind","timezone","priority","status","position","createdAt","updatedAt","source")
       SELECT 'perf-' || t, 'Perf task ' || t, 'shell', 'true', '*/5 * * * *', 'cron', 'UTC', t % 4,
              (ARRAY['todo','in_progress','in_review','done','cancelled'])[(t % 5) + 1], t, $1, $1, 'cli'
       FROM generate_series(1, $2::int) AS t`,
      [now, tasks],
    );
    // The same distribution as statusOf(), in SQL.
    const running = Math.max(1, Math.floor(runs / 1000));
    const queued = Math.floor(runs / 50);
    await c.query(
      `INSERT INTO "Run" ("taskId","status","trigger","attempt","basePriority","priority","scheduledFor","availableAt","createdAt","startedAt","finishedAt","durationMs","exitCode","error","requestedBy")
       SELECT (i % $2) + 1, s.status, CASE WHEN i % 10 <> 0 THEN 'schedule' ELSE 'manual' END, 1, 1, 1,
              CASE WHEN i % 10 <> 0 THEN at END, at, at,
              CASE WHEN s.status IN ('succeeded','failed','timed_out','running') THEN at END,
              CASE WHEN s.status NOT IN ('queued','running') THEN at + interval '1.5 seconds' END,
              CASE WHEN s.status IN ('succeeded','failed','timed_out') THEN 1500 END,
              CASE WHEN s.status = 'succeeded' THEN 0 WHEN s.status IN ('failed','timed_out') THEN 1 END,
              CASE WHEN s.status = 'failed' THEN 'exit code 1' END,
              CASE WHEN i % 10 <> 0 THEN 'schedule' ELSE 'perf' END
       FROM generate_series(0, $3::int - 1) AS i,
            LATERAL (SELECT $1::timestamp - interval '30 days' + (i::float8 * 30 * 86400 / $3) * interval '1 second' AS at) a,
            LATERAL (SELECT CASE
              WHEN i >= $3 - $4 THEN 'running' WHEN i >= $3 - $5 THEN 'queued'
              WHEN i % 100 < 6 THEN 'failed' WHEN i % 100 < 7 THEN 'timed_out'
              WHEN i % 100 < 9 THEN 'cancelled' WHEN i % 100 < 11 THEN 'skipped' ELSE 'succeeded' END AS status) s
       ORDER BY i`,
      [now.toISOString().replace('T', ' ').replace('Z', ''), tasks, runs, running, queued],
    );
    await c.query(
      `INSERT INTO "Event" ("type","at","actorType","actorName","taskId","taskKey","runId","payload")
       SELECT CASE WHEN r.status = 'running' THEN 'run.started' ELSE 'run.' || r.status END, r."createdAt", 'worker', 'perf-worker', r."taskId", 'perf-' || r."taskId", r.id, '{}'::jsonb
       FROM "Run" r ORDER BY r.id`,
    );
    await c.query('COMMIT');
    await c.query('ANALYZE');
  } finally {
    await c.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const url = arg('url') ?? process.env.DATABASE_URL;
  if (!url) {
    console.error('seed-perf: give --url <DATABASE_URL> (file:… or postgresql://…), or set DATABASE_URL');
    process.exit(2);
  }
  const result = await seedPerf({ url, tasks: Number(arg('tasks') ?? 1000), runs: Number(arg('runs') ?? 100_000) });
  console.log(
    `seeded ${result.tasks} tasks, ${result.runs} runs and ${result.events} events in ${(result.ms / 1000).toFixed(1)} s`,
  );
}
