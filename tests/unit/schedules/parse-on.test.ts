// The `on:` schedule form (event triggers and chains): what it accepts, how it
// reads, which events it matches, and what it refuses with a reason.
import { describe, expect, it } from 'vitest';
import { nextFireTimes, parseSchedule, previewSchedule } from '../../../server/schedules';
import { triggerMatches } from '../../../server/schedules/parse-on';

describe('on: schedules', () => {
  it('reads each chain and event form, canonically, with no fire times', () => {
    const forms: Record<string, [normalized: string, description: string]> = {
      'on: email.batch_processed': ['on: email.batch_processed', 'When email.batch_processed is published'],
      'ON:email.*': ['on: email.*', 'When email.* is published'],
      'on: run.succeeded of nightly-backup': ['on: run.succeeded of nightly-backup', 'After nightly-backup succeeds'],
      'on:  run.failed  of  a': ['on: run.failed of a', 'After a fails'],
      'on: run.finished of b.c': ['on: run.finished of b.c', 'After b.c finishes'],
    };
    for (const [input, [normalized, description]] of Object.entries(forms)) {
      expect(previewSchedule(input), input).toMatchObject({ ok: true, kind: 'event', normalized, description, next: [] });
      const parsed = parseSchedule(input);
      expect(parsed.ok && nextFireTimes(parsed.schedule, new Date(), 5), input).toEqual([]);
    }
  });

  it.each([
    ['on:', /needs an event/],
    ['on: run.started of a', /follows run.succeeded, run.failed or run.finished/],
    ['on: run.succeeded', /only another task's end: 'on: run.succeeded of KEY'/],
    ['on: task.created', /only another task's end/],
    ['on: hello', /not an event pattern/],
    ['on: *', /every event, this task's own included/],
    ['on: run.succeeded of Bad!', /'Bad!' is not a task key/],
    ['on: email.sent and more', /expected one event type/],
  ])('%s is refused on the schedule field: %s', (input, message) => {
    const parsed = parseSchedule(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.message).toMatch(message);
      expect(parsed.error.field).toBe('schedule');
    }
  });

  it.each([
    ['on: email.*', { type: 'email.sent', taskKey: null }, true],
    ['on: email.*', { type: 'mail.sent', taskKey: null }, false],
    ['on: run.succeeded of a', { type: 'run.succeeded', taskKey: 'a' }, true],
    ['on: run.succeeded of a', { type: 'run.succeeded', taskKey: 'b' }, false],
    ['on: run.succeeded of a', { type: 'run.failed', taskKey: 'a' }, false],
    ['on: run.failed of a', { type: 'run.timed_out', taskKey: 'a' }, true],
    ['on: run.finished of a', { type: 'run.failed', taskKey: 'a' }, true],
    ['on: run.finished of a', { type: 'run.cancelled', taskKey: 'a' }, false],
    ['on: run.finished of a', { type: 'run.queued', taskKey: 'a' }, false],
  ])('%s matching %o: %s', (input, event, expected) => {
    const parsed = parseSchedule(input);
    if (!parsed.ok || parsed.schedule.kind !== 'event') throw new Error('not an event schedule');
    expect(triggerMatches(parsed.schedule, event)).toBe(expected);
  });
});
