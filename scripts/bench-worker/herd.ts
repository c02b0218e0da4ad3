// herd: the midnight herd. N.herd tasks on `0 0 * * *` all due at one fire
// time plus N.herdBackground on `*/5 * * * *`, 4 real worker processes
// (concurrency 10, no-op handler): fire time → all queued, → all started;
// exactly one run per task and fire time; an urgent manual run requested 1 s
// into the herd: its queued → started. Before the herd: the schedule tick's
// cost per pass with every task idle (the worker's direct connection).
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { materializeDueRuns } from '../../server/queue/materialize-due-runs';
import { attachDirect, runPlan, sqlExecute, sqlQuery } from '../../server/queue/plan';
import { queueRuns } from '../../server/queue/queue-runs';
import { ts } from '../../server/queue/sql';
import { createTask } from '../../server/tasks/create-task';
import type { TaskInput } from '../../server/tasks/schemas';
import { MAX_SECONDS, N } from './options';
import { analyzeOurs, resetOurs, spawnWorker, stopChild, type Ours } from './ours';
import { record } from './results';
import { median, now, sleep, waitFor } from './stats';

const WORKERS = 4;
const execute = (o: Ours, sql: string, params: unknown[] = []) => runPlan(o.db, () => sqlExecute(sql, params), { transaction: false });

async function ensureTask(o: Ours, input: Partial<TaskInput> & { key: string }) {
  if (await o.db.task.findUnique({ where: { key: input.key } })) return;
  await createTask({
    db: o.db,
    input: { name: input.key, kind: 'handler', handler: 'noop', ...input },
    actor: SYSTEM_ACTOR,
    source: 'cli',
    defaultTimezone: 'UTC',
  });
}

/** `n` copies of task `template` (keys `${prefix}N`), in one INSERT … SELECT. */
async function copyTask(o: Ours, template: string, prefix: string, n: number) {
  const [row] = await runPlan(o.db, () => sqlQuery<Record<string, unknown>>(`SELECT * FROM "Task" WHERE key = $1`, [template]), {
    transaction: false,
  });
  const cols = Object.keys(row!).filter((c) => c !== 'id');
  const label = o.provider === 'postgresql' ? `$1 || s.n::text` : `$1 || s.n`;
  const values = cols.map((c) => (c === 'key' || c === 'name' ? label : `t."${c}"`)).join(', ');
  const seq =
    o.provider === 'postgresql'
      ? `generate_series(1, $2) AS s(n)`
      : `(WITH RECURSIVE q(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM q WHERE n < $2) SELECT n FROM q) s`;
  await execute(o, `INSERT INTO "Task" (${cols.map((c) => `"${c}"`).join(', ')}) SELECT ${values} FROM "Task" t, ${seq} WHERE t.key = $3`, [
    prefix,
    n,
    template,
  ]);
}

export async function oursHerd(o: Ours, repeat: number, scope: string) {
  await resetOurs(o);
  await execute(o, `DELETE FROM "Task" WHERE key LIKE 'herd-%' OR key LIKE 'bg-%'`);
  await ensureTask(o, { key: 'herdtpl', schedule: '0 0 * * *', timezone: 'UTC' });
  await ensureTask(o, { key: 'bgtpl', schedule: '*/5 * * * *', timezone: 'UTC' });
  await ensureTask(o, { key: 'urgent', schedule: 'manual', priority: 'urgent' });
  await copyTask(o, 'herdtpl', 'herd-', N.herd);
  await copyTask(o, 'bgtpl', 'bg-', N.herdBackground);
  await analyzeOurs(o);

  // The tick with every task idle: what each idle pass of each worker costs the database.
  const detach = attachDirect(o.db, o.url);
  const tickMs: number[] = [];
  let tickAllMs = NaN;
  try {
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await materializeDueRuns({ db: o.db, actor: SYSTEM_ACTOR });
      tickMs.push(performance.now() - t0);
    }
    // The tick alone, one caller, no worker: every herd task due now, ticked until none is.
    await execute(o, `UPDATE "Task" SET "nextRunAt" = $1 WHERE key LIKE 'herd-%'`, [ts(o.provider, new Date(now() - 1000))]);
    const t0 = performance.now();
    while ((await materializeDueRuns({ db: o.db, actor: SYSTEM_ACTOR })).tasks > 0);
    tickAllMs = performance.now() - t0;
    await resetOurs(o);
  } finally {
    detach();
  }

  const workers = Array.from({ length: WORKERS }, (_, i) => spawnWorker(o, `herd-${i}`, { WORKER_CONCURRENCY: '10' }));
  try {
    await sleep(6_000); // started, idle
    const fireAt = new Date(Math.ceil((now() + 2_000) / 1000) * 1000);
    await execute(o, `UPDATE "Task" SET "nextRunAt" = $1 WHERE key LIKE 'herd-%'`, [ts(o.provider, fireAt)]);
    await sleep(Math.max(0, fireAt.getTime() + 1_000 - now()));
    const [urgentId] = await queueRuns({ db: o.db, task: { key: 'urgent' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    const herdWhere = { scheduledFor: fireAt, task: { key: { startsWith: 'herd-' } } };
    await waitFor(
      async () => (await o.db.run.count({ where: { ...herdWhere, status: 'succeeded' } })) >= N.herd,
      MAX_SECONDS * 2_000,
      250,
    );
    const agg = await o.db.run.aggregate({ where: herdWhere, _max: { createdAt: true, startedAt: true }, _count: true });
    const distinct = await o.db.run.groupBy({ by: ['taskId'], where: herdWhere });
    const urgent = await o.db.run.findUnique({ where: { id: urgentId! } });
    record(scope, 'cronboard', repeat, {
      tickMs: median(tickMs),
      tickAllS: tickAllMs / 1000,
      herdQueuedS: agg._max.createdAt ? (agg._max.createdAt.getTime() - fireAt.getTime()) / 1000 : NaN,
      herdStartedS: agg._max.startedAt ? (agg._max.startedAt.getTime() - fireAt.getTime()) / 1000 : NaN,
      herdRuns: agg._count,
      herdDuplicates: agg._count - distinct.length,
      herdUrgentMs: urgent?.startedAt ? urgent.startedAt.getTime() - urgent.createdAt.getTime() : NaN,
    });
  } finally {
    await Promise.all(workers.map(stopChild));
  }
}
