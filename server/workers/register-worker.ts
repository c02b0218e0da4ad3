import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { recordEvent } from '../events/record-event';

export interface RegisterWorkerOptions {
  db: Db;
  name?: string;
  concurrency: number;
  version: string;
  /** Handler names this worker offers (its registry). */
  handlers?: string[];
  now?: Date;
}

export interface WorkerIdentity {
  id: string;
  name: string;
}

/** Inserts this process's Worker row (state active) and a worker.started event. */
export async function registerWorker(options: RegisterWorkerOptions): Promise<WorkerIdentity> {
  const id = randomUUID();
  const host = hostname();
  const name = options.name ?? `${host}-${process.pid}`;
  const now = options.now ?? new Date();
  await writeTransaction(options.db, async (tx) => {
    await tx.worker.create({
      data: {
        id,
        name,
        host,
        pid: process.pid,
        version: options.version,
        concurrency: options.concurrency,
        state: 'active',
        startedAt: now,
        lastHeartbeatAt: now,
        handlers: options.handlers ?? [],
      },
    });
    await recordEvent({
      db: tx,
      type: 'worker.started',
      actor: { type: 'worker', id, name },
      payload: { host, pid: process.pid, concurrency: options.concurrency, version: options.version },
    });
  });
  return { id, name };
}
