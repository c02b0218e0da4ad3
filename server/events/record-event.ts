import type { Prisma } from '../../prisma/generated/sqlite/client';
import type { Db } from '../db';
import type { Actor } from '../auth/actor';

type TxDb = Pick<Db, 'event'>;

export interface RecordEventOptions {
  db: TxDb;
  type: string;
  actor: Actor;
  taskId?: number | null;
  taskKey?: string | null;
  runId?: number | null;
  payload?: Record<string, unknown>;
}

/** Appends one Event: the audit log, live feed and webhook source. */
export async function recordEvent(options: RecordEventOptions): Promise<void> {
  await options.db.event.create({
    data: {
      type: options.type,
      actorType: options.actor.type,
      actorId: options.actor.id ?? null,
      actorName: options.actor.name,
      taskId: options.taskId ?? null,
      taskKey: options.taskKey ?? null,
      runId: options.runId ?? null,
      payload: (options.payload ?? {}) as Prisma.InputJsonObject,
    },
  });
}
