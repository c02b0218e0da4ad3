// The task page's "Next fire times" come from the task's real nextRunAt (the
// one the worker fires), not from the moment the page was opened; intervals
// count from the whole minute, so no odd seconds from the moment of saving.
import { describe, expect, it } from 'vitest';
import { materializeDueRuns } from '../../server/queue/materialize-due-runs';
import { createTask } from '../../server/tasks/create-task';
import { getTaskDetail } from '../../server/tasks/get-task-detail';
import { pauseTask } from '../../server/tasks/pause-task';
import { userActor, workerActor } from './helpers/actors';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const ada = userActor('editor', 'ada');
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe(`next fire times of a saved task on ${provider}`, () => {
  const testDb = useTestDatabase();

  it('an interval task: the first fire time is nextRunAt, the rest follow it, on whole minutes; the worker agrees', async () => {
    const { db } = testDb;
    const savedAt = new Date('2026-03-01T21:45:40Z');
    const task = await createTask({
      db,
      input: { key: 'every-ten', name: 'Every ten', kind: 'shell', command: 'true', schedule: 'every 10 minutes' },
      actor: ada,
      source: 'ui',
      defaultTimezone: 'UTC',
      now: savedAt,
    });
    expect(task.nextRunAt?.toISOString()).toBe('2026-03-01T21:55:00.000Z');

    // Opened a few minutes later: still the task's own fire times, not "10 minutes from now".
    const detail = await getTaskDetail({ db, key: 'every-ten', now: new Date('2026-03-01T21:49:05Z') });
    expect(iso(detail.nextFireTimes)).toEqual([
      '2026-03-01T21:55:00.000Z',
      '2026-03-01T22:05:00.000Z',
      '2026-03-01T22:15:00.000Z',
      '2026-03-01T22:25:00.000Z',
      '2026-03-01T22:35:00.000Z',
    ]);

    // The worker fires at 21:55:01 and advances nextRunAt to the page's second fire time.
    await materializeDueRuns({ db, actor: workerActor('w-fire'), now: new Date('2026-03-01T21:55:01Z') });
    const after = await getTaskDetail({ db, key: 'every-ten', now: new Date('2026-03-01T21:55:02Z') });
    expect(after.nextRunAt?.toISOString()).toBe('2026-03-01T22:05:00.000Z');
    expect(iso(after.nextFireTimes)).toEqual(iso(detail.nextFireTimes.slice(1)).concat('2026-03-01T22:45:00.000Z'));
  });

  it('a paused task shows what it would do if resumed now; a manual one shows none', async () => {
    const { db } = testDb;
    await createTask({
      db,
      input: { key: 'daily-two', name: 'Daily two', kind: 'shell', command: 'true', schedule: '0 2 * * *', timezone: 'Europe/Paris' },
      actor: ada,
      source: 'ui',
      defaultTimezone: 'UTC',
      now: new Date('2026-03-01T10:00:00Z'),
    });
    await pauseTask({ db, key: 'daily-two', actor: ada });
    const paused = await getTaskDetail({ db, key: 'daily-two', now: new Date('2026-03-01T10:00:00Z') });
    expect(paused.nextRunAt).toBeNull();
    expect(iso(paused.nextFireTimes).slice(0, 2)).toEqual(['2026-03-02T01:00:00.000Z', '2026-03-03T01:00:00.000Z']);

    await createTask({ db, input: { key: 'by-hand', name: 'By hand', kind: 'shell', command: 'true', schedule: 'manual' }, actor: ada, source: 'ui', defaultTimezone: 'UTC' });
    expect((await getTaskDetail({ db, key: 'by-hand' })).nextFireTimes).toEqual([]);
  });
});
