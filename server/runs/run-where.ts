import type { Prisma } from '../../prisma/generated/sqlite/client';
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
