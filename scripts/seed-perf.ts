// Fills a database with a dashboard-sized load: N tasks (spread over the board
// columns) and M runs (over the last 30 days, newest last, mostly succeeded, a
// tail of failures, a few queued and running), plus one event per run, with
// bulk inserts (one transaction of prepared statements on SQLite,
// INSERT … SELECT generate_series on PostgreSQL), and with --log-bytes one log
// chunk of that size per run that ran. Migrates first.
//
//   npm run seed:perf -- --url file:./data/perf.db [--tasks 1000] [--runs 1000000] [--log-bytes 1024] [--span-days 60]
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { migrateDatabase, parseDatabaseUrl } from '../server/db';

export interface SeedPerfOptions {
  url: string;
  tasks?: number;
  runs?: number;
  /** One stdout chunk of this many bytes per run that ran (default 0: no logs). */
  logBytes?: number;
  /** Runs spread over this many days back from now (default 30). */
  spanDays?: number;
  now?: Date;
}

export interface SeedPerfResult {
  tasks: number;
  runs: number;
  events: number;
  logs: number;
  ms: number;
}

const COLUMNS = ['todo', 'in_progress', 'in_review', 'done', 'cancelled'];
/** A log line of ~80 bytes, repeated to the size asked. */
function logText(bytes: number): string {
  const line = 'perf output line: the quick brown fox jumps over the lazy dog 0123456789 ok\n';
  return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
}

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
  const spanMs = (options.spanDays ?? 30) * 86_400_000;
  const logBytes = options.logBytes ?? 0;
  const start = Date.now();
  await migrateDatabase({ url: options.url });
  const { provider } = parseDatabaseUrl(options.url);
  const logs =
    provider === 'sqlite'
      ? seedSqlite(options.url.replace(/^file:/, ''), tasks, runs, now, spanMs, logBytes)
      : await seedPostgres(options.url, tasks, runs, now, spanMs, logBytes);
  return { tasks, runs, events: runs, logs, ms: Date.now() - start };
}

function seedSqlite(file: string, tasks: number, runs: number, now: Date, spanMs: number, logBytes: number): number {
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
  const insertLog = db.prepare(`INSERT INTO "RunLog" ("runId","seq","stream","data","createdAt") VALUES (?,0,'stdout',?,?)`);
  const log = logText(logBytes);
  let logs = 0;
  // Batches of 50,000 runs per transaction: one huge transaction would hold its WAL until the end.
  const BATCH = 50_000;
  db.transaction(() => {
    for (let t = 1; t <= tasks; t++) {
      insertTask.run(`perf-${t}`, `Perf task ${t}`, t % 4, COLUMNS[t % COLUMNS.length], t, iso(now), iso(now));
    }
  })();
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const taskId = (i % tasks) + 1;
      const at = new Date(now.getTime() - spanMs + Math.floor((i * spanMs) / runs));
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
      if (logBytes > 0 && (ran || status === 'running')) {
        insertLog.run(i + 1, log, iso(at));
        logs++;
      }
    }
  });
  for (let from = 0; from < runs; from += BATCH) batch(from, Math.min(runs, from + BATCH));
  db.exec('ANALYZE');
  db.close();
  return logs;
}

async function seedPostgres(url: string, tasks: number, runs: number, now: Date, spanMs: number, logBytes: number): Promise<number> {
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
            LATERAL (SELECT $1::timestamp - $6 * interval '1 second' + (i::float8 * $6 / $3) * interval '1 second' AS at) a,
            LATERAL (SELECT CASE
              WHEN i >= $3 - $4 THEN 'running' WHEN i >= $3 - $5 THEN 'queued'
              WHEN i % 100 < 6 THEN 'failed' WHEN i % 100 < 7 THEN 'timed_out'
              WHEN i % 100 < 9 THEN 'cancelled' WHEN i % 100 < 11 THEN 'skipped' ELSE 'succeeded' END AS status) s
       ORDER BY i`,
      [now.toISOString().replace('T', ' ').replace('Z', ''), tasks, runs, running, queued, spanMs / 1000],
    );
    await c.query(
      `INSERT INTO "Event" ("type","at","actorType","actorName","taskId","taskKey","runId","payload")
       SELECT CASE WHEN r.status = 'running' THEN 'run.started' ELSE 'run.' || r.status END, r."createdAt", 'worker', 'perf-worker', r."taskId", 'perf-' || r."taskId", r.id, '{}'::jsonb
       FROM "Run" r ORDER BY r.id`,
    );
    let logs = 0;
    if (logBytes > 0) {
      const inserted = await c.query(
        `INSERT INTO "RunLog" ("runId","seq","stream","data","createdAt")
         SELECT r.id, 0, 'stdout', $1, r."createdAt" FROM "Run" r WHERE r."startedAt" IS NOT NULL ORDER BY r.id`,
        [logText(logBytes)],
      );
      logs = inserted.rowCount ?? 0;
    }
    await c.query('COMMIT');
    await c.query('ANALYZE');
    return logs;
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
  const result = await seedPerf({
    url,
    tasks: Number(arg('tasks') ?? 1000),
    runs: Number(arg('runs') ?? 100_000),
    logBytes: Number(arg('log-bytes') ?? 0),
    spanDays: Number(arg('span-days') ?? 30),
  });
  console.log(
    `seeded ${result.tasks} tasks, ${result.runs} runs, ${result.events} events and ${result.logs} log chunks in ${(result.ms / 1000).toFixed(1)} s (load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`,
  );
}
