// A board column named on the command line: `todo`, `in_progress`,
// `in-progress`, `"In progress"`, `review` all work.
import { STATUS_TITLES, TASK_STATUSES, type TaskStatus } from '../../server/tasks/constants';
import { usageError } from './format';

const ALIASES: Record<string, TaskStatus> = { review: 'in_review', progress: 'in_progress', running: 'in_progress' };

export function column(flag: string, value: string): TaskStatus {
  const v = value.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const found = TASK_STATUSES.find((s) => s === v || STATUS_TITLES[s].toLowerCase().replace(/\s+/g, '_') === v) ?? ALIASES[v];
  if (!found) throw usageError(`${flag}: '${value}' is not a column (${TASK_STATUSES.join(', ')})`);
  return found;
}
