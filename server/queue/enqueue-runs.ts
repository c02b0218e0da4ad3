import type { Db } from '../db/client';
import { providerOf } from '../db/client';
import type { Actor } from '../auth/actor';
import { insertEvents } from './insert-events';
import { RUN_QUEUED_CHANNEL } from './notify';
import { runPlan, sqlQuery, type Plan } from './plan';
import { query, ts } from './sql';

export interface EnqueueRunsOptions {
  db: Db;
  taskKey: string;
  actor: Actor;
  trigger: 'manual' | 'api';
  times: number;
  now: Date;
}

/**
 * Queues `times` runs of a task, available now, each with its run.queued
 * event, and wakes idle workers. Returns the new run ids in order, or null if
 * no task has that key (nothing written).
 *
 * PostgreSQL: ONE statement (the runs, their events and the NOTIFY as CTEs of
 * one INSERT), so one round trip and one implicit transaction; the NOTIFY is
 * delivered at its commit, when the runs are visible to the claim.
 * SQLite: one write transaction of two statements (the INSERT … SELECT takes
 * the write lock first, so nothing can change the task in between).
 */
export async function enqueueRuns(options: EnqueueRunsOptions): Promise<number[] | null> {
  const provider = providerOf(options.db);
  const { actor } = options;
  const payload = JSON.stringify({ trigger: options.trigger });
  if (provider === 'postgresql') {
    const rows = await query<{ id: number }>(
      options.db,
      `WITH t AS (SELECT id, key, priority FROM "Task" WHERE key = $1::text),
       r AS (
         INSERT INTO "Run" ("taskId", trigger, "basePriority", priority, "availableAt", "createdAt", "requestedBy")
         SELECT t.id, $2::text, t.priority, t.priority, $3::timestamp(3), $3::timestamp(3), $4::text
         FROM t CROSS JOIN generate_series(1, $5::int) AS g(n) ORDER BY g.n
         RETURNING id, "taskId"),
       e AS (
         INSERT INTO "Event" (type, at, "actorType", "actorId", "actorName", "taskId", "taskKey", "runId", payload)
         SELECT 'run.queued', $3::timestamp(3), $6::text, $7::text, $4::text, r."taskId", t.key, r.id, $8::jsonb
         FROM r CROSS JOIN t)
       SELECT r.id, (SELECT pg_notify('${RUN_QUEUED_CHANNEL}', '')::text) AS notified FROM r ORDER BY r.id`,
      options.taskKey,
      options.trigger,
      options.now,
      actor.name,
      options.times,
      actor.type,
      actor.id ?? null,
      payload,
    );
    return rows.length === 0 ? null : rows.map((r) => Number(r.id));
  }
  return runPlan(options.db, () => enqueueSqlitePlan(options));
}

function* enqueueSqlitePlan(options: EnqueueRunsOptions): Plan<number[] | null> {
  const provider = 'sqlite';
  const created = yield* sqlQuery<{ id: number; taskId: number }>(
    `WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $5)
     INSERT INTO "Run" ("taskId", trigger, "basePriority", priority, "availableAt", "createdAt", "requestedBy")
     SELECT t.id, $2, t.priority, t.priority, $3, $3, $4 FROM "Task" t CROSS JOIN g WHERE t.key = $1 ORDER BY g.n
     RETURNING id, "taskId"`,
    [options.taskKey, options.trigger, ts(provider, options.now), options.actor.name, options.times],
  );
  if (created.length === 0) return null;
  const ids = created.map((r) => Number(r.id)).sort((a, b) => a - b);
  const taskId = Number(created[0]!.taskId);
  yield* insertEvents(
    provider,
    options.actor,
    ids.map((id) => ({ type: 'run.queued', taskId, taskKey: options.taskKey, runId: id, payload: { trigger: options.trigger } })),
    options.now,
  );
  return ids;
}
