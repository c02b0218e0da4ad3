// The schedule + timezone pair as one zod schema, shared by tRPC inputs, the
// task form (zodResolver) and the YAML/CLI/REST parsers. The parser's own
// message lands on the field it is about.
import { z } from 'zod';
import { MAX_SCHEDULE_LENGTH, parseSchedule } from './parse';

export const scheduleFieldsShape = {
  schedule: z.string({ error: 'schedule is required' }),
  timezone: z.string({ error: 'timezone is required' }),
};

/** For composing into larger objects: `z.object({...other, ...scheduleFieldsShape}).superRefine(checkScheduleFields)`. */
export function checkScheduleFields(value: { schedule: string; timezone: string }, ctx: z.RefinementCtx): void {
  if (value.schedule.length > MAX_SCHEDULE_LENGTH * 2) {
    ctx.addIssue({
      code: 'custom',
      path: ['schedule'],
      message: `schedule is too long (at most ${MAX_SCHEDULE_LENGTH} characters)`,
    });
    return;
  }
  const r = parseSchedule(value.schedule, { timezone: value.timezone });
  if (r.ok) return;
  ctx.addIssue({ code: 'custom', path: [r.error.field === 'timezone' ? 'timezone' : 'schedule'], message: r.error.message });
}

export const scheduleFieldsSchema = z.object(scheduleFieldsShape).superRefine(checkScheduleFields);
