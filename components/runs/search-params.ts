// The runs table's filters <-> URL search params, one mapping for the server
// page (prefetch) and the client table. Invalid values are dropped, not fatal:
// a hand-edited URL still shows a table, and the filter bar says what it kept.
import { RUN_STATUSES, type RunStatus } from '@/server/tasks/constants';
import { RUN_TRIGGERS, type RunFilters, type RunTrigger } from '@/server/runs/schemas';

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function get(params: Params, key: string): string | undefined {
  const value = params instanceof URLSearchParams ? params.get(key) : params[key];
  const one = Array.isArray(value) ? value[0] : value;
  return one === null || one === undefined || one.trim() === '' ? undefined : one.trim();
}

function date(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function filtersFromParams(params: Params): RunFilters {
  const status = get(params, 'status');
  const trigger = get(params, 'trigger');
  const task = get(params, 'task');
  return {
    ...(status && (RUN_STATUSES as readonly string[]).includes(status) ? { status: status as RunStatus } : {}),
    ...(trigger && (RUN_TRIGGERS as readonly string[]).includes(trigger) ? { trigger: trigger as RunTrigger } : {}),
    ...(task && task.length <= 200 ? { taskKey: task } : {}),
    ...(date(get(params, 'from')) ? { from: date(get(params, 'from')) } : {}),
    ...(date(get(params, 'to')) ? { to: date(get(params, 'to')) } : {}),
  };
}

export function paramsFromFilters(filters: RunFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (filters.status) p.set('status', filters.status);
  if (filters.taskKey) p.set('task', filters.taskKey);
  if (filters.trigger) p.set('trigger', filters.trigger);
  if (filters.from) p.set('from', filters.from.toISOString());
  if (filters.to) p.set('to', filters.to.toISOString());
  return p;
}

export const RUNS_PAGE_SIZE = 50;
