import type { Db } from '../db/client';
import { dialect, query, ts } from './sql';

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
  const provider = dialect(options.db);
  const now = options.now ?? new Date();
  const tokens = options.held.map((h) => h.claimToken);
  const placeholders = tokens.map((_, i) => `$${i + 2}`).join(', ');
  const rows = await query<{ id: number; cancelRequestedAt: unknown }>(
    options.db,
    `UPDATE "Run" SET "leaseExpiresAt" = $1
     WHERE status = 'running' AND "claimToken" IN (${placeholders})
     RETURNING id, "cancelRequestedAt"`,
    ts(provider, new Date(now.getTime() + options.leaseSeconds * 1000)),
    ...tokens,
  );
  const renewed = new Set(rows.map((r) => Number(r.id)));
  return {
    cancelRequested: rows.filter((r) => r.cancelRequestedAt !== null).map((r) => Number(r.id)),
    lost: options.held.filter((h) => !renewed.has(h.id)).map((h) => h.id),
  };
}
