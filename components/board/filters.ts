import { FAILING_RUN_STATUSES, PRIORITIES, type Priority, type RunStatus, type TaskStatus } from '@/server/tasks/constants';
import type { Card } from './card';

// The board's filters and swimlanes, kept in the URL search params so a link shares them:
// ?q=backup&priority=high&label=ops&assignee=ana&last=failed&lanes=priority
// (`last=failing`: failed or timed out, the tasks the header's failing count links to).

export const LANE_KINDS = ['none', 'priority', 'label', 'assignee'] as const;
export type LaneKind = (typeof LANE_KINDS)[number];

/** The `last` filter's value for the failing tasks (last run failed or timed out). */
export const FAILING = 'failing';

export const LAST_STATUS_OPTIONS = [
  { value: FAILING, label: 'Failing (failed or timed out)' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'failed', label: 'Failed' },
  { value: 'timed_out', label: 'Timed out' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'never', label: 'Never run' },
] as const;

export interface BoardFilters {
  q: string;
  priority: Priority | '';
  label: string;
  assignee: string;
  last: string;
  lanes: LaneKind;
}

export const UNASSIGNED = '(none)';

export function parseFilters(params: URLSearchParams): BoardFilters {
  const priority = params.get('priority') ?? '';
  const lanes = params.get('lanes') ?? 'none';
  return {
    q: params.get('q') ?? '',
    priority: (PRIORITIES as readonly string[]).includes(priority) ? (priority as Priority) : '',
    label: params.get('label') ?? '',
    assignee: params.get('assignee') ?? '',
    last: params.get('last') ?? '',
    lanes: (LANE_KINDS as readonly string[]).includes(lanes) ? (lanes as LaneKind) : 'none',
  };
}

export function filtersToSearch(filters: BoardFilters): string {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set('q', filters.q);
  if (filters.priority) params.set('priority', filters.priority);
  if (filters.label) params.set('label', filters.label);
  if (filters.assignee) params.set('assignee', filters.assignee);
  if (filters.last) params.set('last', filters.last);
  if (filters.lanes !== 'none') params.set('lanes', filters.lanes);
  return params.toString();
}

export function isFiltered(filters: BoardFilters): boolean {
  return !!(filters.q.trim() || filters.priority || filters.label || filters.assignee || filters.last);
}

export function matchesFilters(task: Card, filters: BoardFilters): boolean {
  const q = filters.q.trim().toLowerCase();
  if (q) {
    const haystack = [
      task.name,
      task.key,
      task.searchText,
      task.assignee ?? '',
      ...task.labels.map((l) => l.name),
    ]
      .join('\n')
      .toLowerCase();
    if (!haystack.includes(q)) return false;
  }
  if (filters.priority && task.priority !== filters.priority) return false;
  if (filters.label && !task.labels.some((l) => l.name === filters.label)) return false;
  if (filters.assignee && (task.assignee ?? UNASSIGNED) !== filters.assignee) return false;
  if (filters.last === FAILING) {
    if (!FAILING_RUN_STATUSES.includes(task.lastRunStatus as RunStatus)) return false;
  } else if (filters.last && (task.lastRunStatus ?? 'never') !== filters.last) return false;
  return true;
}

export interface Lane {
  id: string;
  title: string;
}

/** The lane a card sits in. A card with several labels sits in the lane of its first label (alphabetically). */
export function laneOf(task: Card, kind: LaneKind): Lane {
  if (kind === 'priority') return { id: `p-${task.priority}`, title: `Priority: ${task.priority}` };
  if (kind === 'label') {
    const first = task.labels.map((l) => l.name).sort()[0];
    return first ? { id: `l-${first}`, title: `Label: ${first}` } : { id: 'l-', title: 'No label' };
  }
  if (kind === 'assignee')
    return task.assignee ? { id: `a-${task.assignee}`, title: `Assignee: ${task.assignee}` } : { id: 'a-', title: 'Unassigned' };
  return { id: 'all', title: 'All' };
}

/** Lanes in a stable order: priorities urgent first, then names, with the "none" lane last. */
export function lanesFor(tasks: Card[], kind: LaneKind): Lane[] {
  if (kind === 'none') return [{ id: 'all', title: 'All' }];
  if (kind === 'priority') return [...PRIORITIES].reverse().map((p) => ({ id: `p-${p}`, title: `Priority: ${p}` }));
  const lanes = new Map<string, Lane>();
  for (const task of tasks) {
    const lane = laneOf(task, kind);
    lanes.set(lane.id, lane);
  }
  return [...lanes.values()].sort((a, b) => (a.id.endsWith('-') ? 1 : b.id.endsWith('-') ? -1 : a.title.localeCompare(b.title)));
}

export const containerId = (laneId: string, status: TaskStatus) => `${laneId}::${status}`;
export const statusOfContainer = (id: string) => id.slice(id.lastIndexOf('::') + 2) as TaskStatus;
export const laneOfContainer = (id: string) => id.slice(0, id.lastIndexOf('::'));
