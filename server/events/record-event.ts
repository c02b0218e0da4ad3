import type { Prisma } from '../../prisma/generated/sqlite/client';
import type { Db } from '../db';
import type { Actor } from '../auth/actor';
import type { EventPayload, EventType } from './catalogue';

type TxDb = Pick<Db, 'event'>;

export interface RecordEventOptions<T extends EventType> {
  db: TxDb;
  /** A type from the catalogue (server/events/catalogue.ts); the payload is that type's. */
  type: T;
  actor: Actor;
  taskId?: number | null;
  taskKey?: string | null;
  runId?: number | null;
  payload: EventPayload<T>;
}

/** Appends one Event: the audit log, live feed and webhook source. */
export async function recordEvent<T extends EventType>(options: RecordEventOptions<T>): Promise<void> {
  await options.db.event.create({
    data: {
      type: options.type,
      actorType: options.actor.type,
      actorId: options.actor.id ?? null,
      actorName: options.actor.name,
      taskId: options.taskId ?? null,
      taskKey: options.taskKey ?? null,
      runId: options.runId ?? null,
      payload: options.payload as unknown as Prisma.InputJsonObject,
    },
  });
}
