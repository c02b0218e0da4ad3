import type { DatabaseHandle } from '../db';

export interface Health {
  ok: boolean;
  database: { provider: string; ok: boolean; error?: string };
  workers: { active: number };
  time: Date;
}

export interface GetHealthOptions {
  handle: DatabaseHandle;
  leaseSeconds: number;
  now?: Date;
}

/** Database reachability and live worker count, for /api/health and the tRPC health procedure. */
export async function getHealth(options: GetHealthOptions): Promise<Health> {
  const now = options.now ?? new Date();
  try {
    const active = await options.handle.db.worker.count({
      where: {
        state: { in: ['active', 'draining'] },
        lastHeartbeatAt: { gte: new Date(now.getTime() - options.leaseSeconds * 1000) },
      },
    });
    return { ok: true, database: { provider: options.handle.provider, ok: true }, workers: { active }, time: now };
  } catch (error) {
    return {
      ok: false,
      database: { provider: options.handle.provider, ok: false, error: error instanceof Error ? error.message.split('\n')[0] : String(error) },
      workers: { active: 0 },
      time: now,
    };
  }
}
