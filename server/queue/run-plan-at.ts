import type { Db } from '../db/client';
import { providerOf } from '../db/client';
import type { Provider } from '../db/url';
import { runPlan, type Plan } from './plan';

/** What a queue operation takes at least: the database and, for tests, the clock. */
export interface QueueOperationOptions {
  db: Db;
  now?: Date;
}

/** runPlan for a plan built from the database's provider and the clock (now, unless the caller fixed it). */
export function runPlanAt<T>(
  options: QueueOperationOptions,
  factory: (provider: Provider, now: Date) => Plan<T>,
  planOptions: { transaction?: boolean } = {},
): Promise<T> {
  const provider = providerOf(options.db);
  const now = options.now ?? new Date();
  return runPlan(options.db, () => factory(provider, now), planOptions);
}
