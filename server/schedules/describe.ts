// Human text for a schedule: cronstrue for cron, our own words otherwise.
import cronstrue from 'cronstrue';
import { describeInterval } from './parse-interval';
import { describeTrigger } from './parse-on';
import { formatWall } from './timezone';
import type { Schedule } from './types';

function describeCron(expression: string): string {
  const fields = expression.split(' ');
  const days = fields.slice(-3);
  const times = fields.slice(0, -3);
  // cronstrue says "At 02:00 AM" for a daily job; its verbose mode adds
  // "every day", but also "every hour, every day" to "Every 15 minutes".
  const verbose = days.every((f) => f === '*') && times.every((f) => !/[*/]/.test(f));
  try {
    return cronstrue.toString(expression, { verbose, throwExceptionOnParseError: true });
  } catch {
    return `Cron ${expression}`;
  }
}

export function describeSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'cron':
      return `${describeCron(schedule.expression)} (${schedule.timezone})`;
    case 'interval':
      return describeInterval(schedule.everyMs);
    case 'once':
      if (schedule.at === null) return 'Once, immediately';
      return `Once at ${formatWall(schedule.timezone, schedule.at.getTime())} ${schedule.timezone}`;
    case 'manual':
      return 'Manual only';
    case 'event':
      return describeTrigger(schedule);
  }
}
