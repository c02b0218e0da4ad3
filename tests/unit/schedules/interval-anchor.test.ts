// Interval previews and saved intervals count from the whole minute (whole
// second for intervals of seconds): no odd seconds from the moment of typing.
import { describe, expect, it } from 'vitest';
import { parseScheduleOrThrow, previewSchedule, scheduleAnchor, taskFireTimes } from '../../../server/schedules';

const typedAt = new Date('2026-03-01T21:54:05.321Z');
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('interval anchors', () => {
  it.each([
    ['every 5 minutes', ['2026-03-01T21:59:00.000Z', '2026-03-01T22:04:00.000Z']],
    ['2h', ['2026-03-01T23:54:00.000Z', '2026-03-02T01:54:00.000Z']],
    ['30s', ['2026-03-01T21:54:35.000Z', '2026-03-01T21:55:05.000Z']],
    ['90s', ['2026-03-01T21:55:35.000Z', '2026-03-01T21:57:05.000Z']],
  ])('the preview of %s typed at 21:54:05.321 fires at %j', (schedule, expected) => {
    const r = previewSchedule(schedule, { timezone: 'UTC', from: typedAt, count: 2 });
    expect(r.ok && iso(r.next)).toEqual(expected);
  });

  it('cron and one-time schedules count from the moment itself', () => {
    expect(scheduleAnchor(parseScheduleOrThrow('0 2 * * *', { timezone: 'UTC' }), typedAt)).toEqual(typedAt);
  });

  it('a saved task: nextRunAt first, then its anchor grid; none saved: as if started now', () => {
    const every10 = parseScheduleOrThrow('every 10 minutes', { timezone: 'UTC' });
    const saved = { nextRunAt: new Date('2026-03-01T21:55:40Z'), scheduleAnchorAt: new Date('2026-03-01T21:45:40Z') };
    expect(iso(taskFireTimes(every10, saved, 3, typedAt))).toEqual([
      '2026-03-01T21:55:40.000Z',
      '2026-03-01T22:05:40.000Z',
      '2026-03-01T22:15:40.000Z',
    ]);
    expect(iso(taskFireTimes(every10, { nextRunAt: null, scheduleAnchorAt: null }, 2, typedAt))).toEqual([
      '2026-03-01T22:04:00.000Z',
      '2026-03-01T22:14:00.000Z',
    ]);
  });
});
