import type { Db } from '../db';

export interface HandlerOfferedOptions {
  db: Db;
  handler: string;
  /** A worker silent for longer is not live (LEASE_SECONDS). */
  leaseSeconds: number;
  now?: Date;
}

/**
 * Whether a live worker (active, heartbeat within the lease) offers this
 * handler: workers record their handler names at registration. `cronboard
 * create --handler` warns when none does (the task would wait in the queue).
 */
export async function handlerOffered(options: HandlerOfferedOptions): Promise<{ liveWorkers: number; offering: number }> {
  const now = options.now ?? new Date();
  const live = await options.db.worker.findMany({
    where: { state: 'active', lastHeartbeatAt: { gte: new Date(now.getTime() - options.leaseSeconds * 1000) } },
    select: { handlers: true },
  });
  const offering = live.filter((w) => Array.isArray(w.handlers) && (w.handlers as unknown[]).includes(options.handler)).length;
  return { liveWorkers: live.length, offering };
}
