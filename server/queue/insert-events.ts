import type { Actor } from '../auth/actor';
import type { Provider } from '../db/url';
import type { EventPayload, EventType } from '../events/catalogue';
import { sqlExecute, type Plan } from './plan';
import { valuesList } from './sql';

/** One Event of a batch; `type` and `payload` as in the catalogue (server/events/catalogue.ts). */
export type QueueEvent = {
  [T in EventType]: { type: T; taskId: number | null; taskKey: string | null; runId: number | null; payload: EventPayload<T> };
}[EventType];

/**
 * The Events of a batch of queue transitions in one multi-row INSERT (the same
 * rows recordEvent writes one at a time). `at` is given explicitly: the column's
 * SQL default (CURRENT_TIMESTAMP) is not the format Prisma reads on SQLite.
 * Row order is event order, so ids follow it.
 */
export function* insertEvents(provider: Provider, actor: Actor, events: QueueEvent[], at: Date): Plan<void> {
  if (events.length === 0) return;
  const params: unknown[] = [];
  const rows = valuesList(
    provider,
    ['text', 'ts', 'text', 'text', 'text', 'int', 'text', 'int', 'json'],
    events.map((e) => [e.type, at, actor.type, actor.id ?? null, actor.name, e.taskId, e.taskKey, e.runId, e.payload]),
    params,
  );
  yield* sqlExecute(
    `INSERT INTO "Event" (type, at, "actorType", "actorId", "actorName", "taskId", "taskKey", "runId", payload) VALUES ${rows}`,
    params,
  );
}
