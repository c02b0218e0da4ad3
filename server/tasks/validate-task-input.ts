import { AppError, type FieldIssue } from '../errors';
import { parseSchedule, type Schedule } from '../schedules';
import { taskInputSchema, type ParsedTaskInput } from './schemas';
import { workdirProblem } from './workdir-rule';

export interface ValidTaskInput {
  input: ParsedTaskInput;
  /** The task's timezone, or the configured default when it names none. */
  timezone: string;
  schedule: Schedule;
}

export interface ValidateTaskOptions {
  /** ALLOWED_WORKDIRS: a cwd outside them is refused. Omitted (tests, seeds): not checked here; the worker still checks. */
  allowedWorkdirs?: string[];
}

/**
 * The one validation of a task's fields, for create and update: the shared zod
 * schema (field errors as issues), the cwd against the allowed roots, then the
 * schedule in the task's timezone.
 */
export function validateTaskInput(raw: unknown, defaultTimezone: string, options: ValidateTaskOptions = {}): ValidTaskInput {
  const parsed = taskInputSchema.safeParse(raw);
  const issues: FieldIssue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const cwd = parsed.success ? parsed.data.cwd : undefined;
  const cwdProblem = cwd !== undefined && options.allowedWorkdirs ? workdirProblem(cwd, options.allowedWorkdirs) : null;
  if (cwdProblem) issues.push({ path: 'cwd', message: cwdProblem });
  if (!parsed.success || issues.length > 0) {
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
