import type { Schedule } from '../schedules';
import { priorityValue } from './constants';
import type { ParsedTaskInput } from './schemas';

/** The schedule and policy columns of a task, from validated input: shared by create and update. */
export function scheduleAndPolicyColumns(input: ParsedTaskInput, schedule: Schedule, timezone: string) {
  return {
    schedule: schedule.input,
    scheduleKind: schedule.kind,
    timezone,
    priority: priorityValue(input.priority),
    maxRetries: input.maxRetries,
    retryBackoff: input.retryBackoff,
    retryDelaySeconds: input.retryDelaySeconds,
    retryMaxDelaySeconds: input.retryMaxDelaySeconds,
    timeoutSeconds: input.timeoutSeconds ?? null,
    overlap: input.overlap,
    maxInstances: input.maxInstances,
    misfire: input.misfire,
    misfireGraceSeconds: input.misfireGraceSeconds,
    paused: input.paused,
    assignee: input.assignee ?? null,
  };
}
