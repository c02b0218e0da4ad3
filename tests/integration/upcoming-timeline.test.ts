// The upcoming-runs timeline (issue 15 item 4): fire times come from each
// task's real nextRunAt (an interval keeps its odd seconds), grouped by hour;
// the midnight herd is picked out; paused tasks and cards in Done are not
// there; a task firing every minute is capped and named; filters narrow it.
import { beforeEach, describe, expect, it } from 'vitest';
import { listTimeline } from '../../server/tasks/list-timeline';
import { TIMELINE_PER_TASK_CAP } from '../../server/tasks/timeline-schemas';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeTask } from './helpers/worker-harness';

const now = new Date('2026-12-01T21:40:00.000Z');
const iso = (d: Date) => d.toISOString();

describe(`upcoming timeline on ${testProvider()}`, () => {
  const t = useTestDatabase();
  beforeEach(() => t.reset());

  async function task(key: string, schedule: string, nextRunAt: string | null, extra: Record<string, unknown> = {}) {
    const created = await makeTask(t.db, { key, name: `Task ${key}`, schedule });
    await t.db.task.update({ where: { id: created.id }, data: { nextRunAt: nextRunAt ? new Date(nextRunAt) : null, ...extra } });
  }

  it('counts from nextRunAt, groups by hour, shows the midnight herd and leaves out what will not fire', async () => {
    for (let i = 0; i < 6; i++) await task(`nightly-${i}`, '0 0 * * *', '2026-12-02T00:00:00.000Z');
    // Saved at 21:40:07: the worker fires an interval on its anchor's grid, so the odd seconds stay.
    await task('poll', 'every 15 minutes', '2026-12-01T21:55:07.000Z', { scheduleAnchorAt: new Date('2026-12-01T21:40:07.000Z') });
    await task('paused', '0 0 * * *', '2026-12-02T00:00:00.000Z', { paused: true });
    await task('finished', '0 0 * * *', null, { status: 'done' });
    await task('late', '30 21 * * *', '2026-12-01T21:30:00.000Z', { priority: 3 });

    const tl = await listTimeline({ db: t.db, window: '24h', now });
    expect(iso(tl.from)).toBe('2026-12-01T21:00:00.000Z');
    expect(tl.taskCount).toBe(8);
    const first = tl.hours[0]!;
    expect(iso(first.start)).toBe('2026-12-01T21:00:00.000Z');
    // The overdue fire of `late` counts now; `poll` keeps its :07 seconds from nextRunAt.
    expect(first.tasks.map((f) => [f.taskKey, iso(f.first), f.count, f.overdue])).toEqual([
      ['late', '2026-12-01T21:30:00.000Z', 1, true],
      ['poll', '2026-12-01T21:55:07.000Z', 1, false],
    ]);
    const midnight = tl.hours.find((h) => iso(h.start) === '2026-12-02T00:00:00.000Z')!;
    expect(midnight.total).toBe(6 + 4);
    expect(midnight.peak).toEqual({ at: new Date('2026-12-02T00:00:00.000Z'), count: 6 });
    expect(midnight.tasks.find((f) => f.taskKey === 'poll')).toMatchObject({ count: 4, first: new Date('2026-12-02T00:10:07.000Z') });
    expect(tl.herds).toEqual([{ at: new Date('2026-12-02T00:00:00.000Z'), count: 6, taskKeys: ['nightly-0', 'nightly-1', 'nightly-2', 'nightly-3', 'nightly-4'] }]);
    // 6 nightly + 1 late (overdue) + tomorrow's late at 21:30 + poll every 15 min from 21:55:07 while before 21:40 tomorrow (95).
    expect(tl.totalFires).toBe(6 + 1 + 1 + 95);
    expect(tl.hours.flatMap((h) => h.tasks.map((f) => f.taskKey))).not.toContain('paused');
    expect(tl.hours.flatMap((h) => h.tasks.map((f) => f.taskKey))).not.toContain('finished');
    expect(tl.capped).toEqual([]);
  });

  it('caps a task that fires every minute, says which, and filters by name, priority and label', async () => {
    await task('every-minute', '* * * * *', '2026-12-01T21:41:00.000Z');
    await task('backup', '0 2 * * *', '2026-12-02T02:00:00.000Z', { priority: 3 });
    const tl = await listTimeline({ db: t.db, window: '7d', now });
    expect(tl.capped).toEqual([{ taskKey: 'every-minute', taskName: 'Task every-minute' }]);
    expect(tl.totalFires).toBe(TIMELINE_PER_TASK_CAP + 7);

    const byName = await listTimeline({ db: t.db, window: '24h', now, q: 'BACK' });
    expect(byName.hours.flatMap((h) => h.tasks.map((f) => f.taskKey))).toEqual(['backup']);
    const urgent = await listTimeline({ db: t.db, window: '24h', now, priority: 'urgent' });
    expect(urgent.totalFires).toBe(1);
    await t.db.task.update({ where: { key: 'backup' }, data: { labels: { connectOrCreate: { where: { name: 'ops' }, create: { name: 'ops' } } } } });
    const labelled = await listTimeline({ db: t.db, window: '24h', now, label: 'ops' });
    expect(labelled.hours.map((h) => [iso(h.start), h.total])).toEqual([['2026-12-02T02:00:00.000Z', 1]]);
  });
});
