import type { Provider } from '../db';
import type { Prisma } from '../../prisma/generated/sqlite/client';
import { ts } from '../queue/sql';
import type { RunFilters } from './schemas';

/** The Prisma filter for the runs table's filters (shared by the list and the counts). */
export function runWhere(filters: RunFilters, options: { withStatus: boolean }): Prisma.RunWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  if (filters.from) createdAt.gte = filters.from;
  if (filters.to) createdAt.lt = filters.to;
  return {
    ...(options.withStatus && filters.status ? { status: filters.status } : {}),
    ...(filters.taskKey ? { task: { key: filters.taskKey } } : {}),
    ...(filters.trigger ? { trigger: filters.trigger } : {}),
    ...(filters.from || filters.to ? { createdAt } : {}),
  };
}

/**
 * The same filter as SQL conditions on "Run" (without the status), for the
 * bounded counts, which Prisma cannot say in one statement; each value is
 * appended to `params` as `$n` (server/queue/sql.ts `bind` turns them into
 * SQLite's `?`). tests/integration/runs-views.test.ts checks that both agree.
 */
export function runWhereSql(filters: RunFilters, provider: Provider, params: unknown[]): string[] {
  const conditions: string[] = [];
  if (filters.taskKey) conditions.push(`"taskId" = (SELECT id FROM "Task" WHERE key = $${params.push(filters.taskKey)})`);
  if (filters.trigger) conditions.push(`"trigger" = $${params.push(filters.trigger)}`);
  if (filters.from) conditions.push(`"createdAt" >= $${params.push(ts(provider, filters.from))}`);
  if (filters.to) conditions.push(`"createdAt" < $${params.push(ts(provider, filters.to))}`);
  return conditions;
}
