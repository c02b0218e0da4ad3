import type { Db } from '../db/client';
import { providerOf } from '../db/client';
import { runPlan, sqlQuery } from './plan';
import { inList, ts } from './sql';

export interface HeldRun {
  id: number;
  claimToken: string;
}

export interface RenewLeasesOptions {
  db: Db;
  held: HeldRun[];
  leaseSeconds: number;
  now?: Date;
}

export interface RenewLeasesResult {
  /** Runs someone asked to cancel. */
  cancelRequested: number[];
  /** Runs that are no longer ours (lease expired and reaped, or finished elsewhere): stop them, do not record a result. */
  lost: number[];
}

/**
 * Extends the lease of every run this worker holds and reports cancel
 * requests, in one statement. A run whose claim token no longer matches was
 * taken over: the worker must abandon it (fencing).
 */
export async function renewLeases(options: RenewLeasesOptions): Promise<RenewLeasesResult> {
  if (options.held.length === 0) return { cancelRequested: [], lost: [] };
  const provider = providerOf(options.db);
  const now = options.now ?? new Date();
  const params: unknown[] = [ts(provider, new Date(now.getTime() + options.leaseSeconds * 1000))];
  const tokens = inList(
    options.held.map((h) => h.claimToken),
    params,
  );
  const rows = await runPlan(
    options.db,
    () =>
      sqlQuery<{ id: number; cancelRequestedAt: unknown }>(
        `UPDATE "Run" SET "leaseExpiresAt" = $1
         WHERE status = 'running' AND "claimToken" IN (${tokens})
         RETURNING id, "cancelRequestedAt"`,
        params,
      ),
    { transaction: false },
  );
  const renewed = new Set(rows.map((r) => Number(r.id)));
  return {
    cancelRequested: rows.filter((r) => r.cancelRequestedAt !== null).map((r) => Number(r.id)),
    lost: options.held.filter((h) => !renewed.has(h.id)).map((h) => h.id),
  };
}
