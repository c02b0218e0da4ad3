// The task view's cached schedule descriptions say exactly what describing the
// schedule says, per timezone, and an invalid schedule says why.
import { describe, expect, it } from 'vitest';
import { describeSchedule, parseSchedule } from '../../../server/schedules';
import { scheduleDescriptionOf } from '../../../server/tasks/task-view';

const described = (schedule: string, timezone: string) => {
  const parsed = parseSchedule(schedule, { timezone });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return describeSchedule(parsed.schedule);
};

describe('scheduleDescriptionOf', () => {
  it('gives the schedule description, the same when asked again, and another one for another timezone', () => {
    const first = scheduleDescriptionOf('30 2 * * 1-5', 'Europe/Paris');
    expect(first).toBe(described('30 2 * * 1-5', 'Europe/Paris'));
    expect(first).toMatch(/Europe\/Paris/);
    expect(scheduleDescriptionOf('30 2 * * 1-5', 'Europe/Paris')).toBe(first);
    const tokyo = scheduleDescriptionOf('30 2 * * 1-5', 'Asia/Tokyo');
    expect(tokyo).toBe(described('30 2 * * 1-5', 'Asia/Tokyo'));
    expect(tokyo).not.toBe(first);
    expect(scheduleDescriptionOf('manual', 'UTC')).toBe(described('manual', 'UTC'));
  });

  it('names what is wrong with an invalid schedule', () => {
    expect(scheduleDescriptionOf('61 * * * *', 'UTC')).toMatch(/^Invalid schedule: .*61/);
  });
});
