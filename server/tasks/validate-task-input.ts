import { AppError, type FieldIssue } from '../errors';
import { parseSchedule, type Schedule } from '../schedules';
import { taskInputSchema, type ParsedTaskInput } from './schemas';

export interface ValidTaskInput {
  input: ParsedTaskInput;
  /** The task's timezone, or the configured default when it names none. */
  timezone: string;
  schedule: Schedule;
}

/**
 * The one validation of a task's fields, for create and update: the shared zod
 * schema (field errors as issues), then the schedule in the task's timezone.
 */
export function validateTaskInput(raw: unknown, defaultTimezone: string): ValidTaskInput {
  const parsed = taskInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issues: FieldIssue[] = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new AppError('BAD_REQUEST', `Invalid task: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
  const input = parsed.data;
  const timezone = input.timezone ?? defaultTimezone;
  const schedule = parseSchedule(input.schedule, { timezone });
  if (!schedule.ok) {
    const path = schedule.error.field === 'timezone' ? 'timezone' : 'schedule';
    throw new AppError('INVALID_SCHEDULE', `Invalid schedule '${input.schedule}': ${schedule.error.message}`, {
      issues: [{ path, message: schedule.error.message }],
    });
  }
  return { input, timezone, schedule: schedule.schedule };
}
