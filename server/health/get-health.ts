import type { DatabaseHandle } from '../db';
import { probeDatabase, type DatabaseCheckCode } from './probe-database';

export interface DatabaseHealth {
  provider: string;
  ok: boolean;
  /** Why not ok: `unreachable` (a read failed), `write_failed`, `write_timeout`, `file_deleted`, `file_replaced`. */
  code?: DatabaseCheckCode | 'unreachable';
  reason?: string;
}

export interface Health {
  status: 'ok' | 'error';
  ok: boolean;
  checks: { database: DatabaseHealth };
  /** The same object as checks.database (kept for existing monitors). */
  database: DatabaseHealth;
  workers: { active: number };
  time: Date;
}

export interface GetHealthOptions {
  handle: DatabaseHandle;
  leaseSeconds: number;
  now?: Date;
}

/**
 * Whether this process can read and write its database, and the live worker
 * count, for /api/health (503 when not ok) and the tRPC health procedure.
 */
export async function getHealth(options: GetHealthOptions): Promise<Health> {
  const now = options.now ?? new Date();
  const provider = options.handle.provider;
  let active = 0;
  let database: DatabaseHealth;
  try {
    active = await options.handle.db.worker.count({
      where: {
        state: { in: ['active', 'draining'] },
        lastHeartbeatAt: { gte: new Date(now.getTime() - options.leaseSeconds * 1000) },
      },
    });
    const write = await probeDatabase(options.handle);
    database = write.ok ? { provider, ok: true } : { provider, ok: false, code: write.code, reason: write.reason };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n').filter(Boolean).at(-1) : String(error);
    database = { provider, ok: false, code: 'unreachable', reason: `cannot read from the database: ${message?.slice(0, 200)}` };
  }
  return { status: database.ok ? 'ok' : 'error', ok: database.ok, checks: { database }, database, workers: { active }, time: now };
}
