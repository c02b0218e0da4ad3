// The board's client-side rules: filters read from and written to the URL,
// which cards they keep, swimlanes, and the optimistic move (the card where
// the server will put it, before the server answers).
import { describe, expect, it } from 'vitest';
import { filtersToSearch, laneOf, lanesFor, matchesFilters, parseFilters } from '../../../components/board/filters';
import { optimisticMove } from '../../../components/board/optimistic-move';
import type { TaskStatus } from '../../../server/tasks/constants';
import type { Card } from '../../../components/board/card';

function task(over: Partial<Card> & { key: string; description?: string; command?: string }): Card {
  const { description = '', command = 'true', ...rest } = over;
  return {
    name: over.key,
    priority: 'medium',
    status: 'todo',
    paused: false,
    labels: [],
    assignee: null,
    managedIn: null,
    scheduleDescription: 'Manual only',
    spent: false,
    nextRunAt: null,
    lastRunAt: null,
    lastRunStatus: null,
    boardVersion: 1,
    searchText: `${description} ${command}`.trim(),
    runs: '',
    failingSince: null,
    failure: null,
    runningRunId: null,
    runningSince: null,
    queued: 0,
    alerts: 0,
    ...rest,
  };
}

describe('board filters in the URL', () => {
  it('round-trips through the search params and ignores unknown values', () => {
    const filters = parseFilters(new URLSearchParams('q=back+up&priority=high&label=ops&assignee=ana&last=failed&lanes=label'));
    expect(filters).toEqual({ q: 'back up', priority: 'high', label: 'ops', assignee: 'ana', last: 'failed', lanes: 'label' });
    expect(parseFilters(new URLSearchParams(filtersToSearch(filters)))).toEqual(filters);
    expect(parseFilters(new URLSearchParams('priority=critical&lanes=sideways'))).toMatchObject({ priority: '', lanes: 'none' });
    expect(filtersToSearch(parseFilters(new URLSearchParams('')))).toBe('');
  });

  it('keeps the cards that match every filter', () => {
    const backup = task({
      key: 'nightly-backup',
      name: 'Nightly backup',
      priority: 'high',
      labels: [{ name: 'ops', color: null }],
      assignee: 'ana',
      lastRunStatus: 'failed',
    });
    const report = task({ key: 'report', name: 'Weekly report', command: 'make report' });
    const f = (search: string) => parseFilters(new URLSearchParams(search));
    expect([backup, report].filter((t) => matchesFilters(t, f('q=BACKUP'))).map((t) => t.key)).toEqual(['nightly-backup']);
    expect([backup, report].filter((t) => matchesFilters(t, f('q=make+rep'))).map((t) => t.key)).toEqual(['report']);
    expect(matchesFilters(backup, f('priority=high&label=ops&assignee=ana&last=failed'))).toBe(true);
    expect(matchesFilters(backup, f('priority=high&label=db'))).toBe(false);
    expect(matchesFilters(report, f('last=never'))).toBe(true);
    expect(matchesFilters(report, f('assignee=(none)'))).toBe(true);
    expect(matchesFilters(backup, f('assignee=(none)'))).toBe(false);
  });

  it('"failing" (the header count\'s link) keeps the cards whose last run failed or timed out', () => {
    const cards = [
      task({ key: 'failed', lastRunStatus: 'failed' }),
      task({ key: 'timed-out', lastRunStatus: 'timed_out' }),
      task({ key: 'ok', lastRunStatus: 'succeeded' }),
      task({ key: 'cancelled', lastRunStatus: 'cancelled' }),
      task({ key: 'never' }),
    ];
    const failing = parseFilters(new URLSearchParams('last=failing'));
    expect(failing.last).toBe('failing');
    expect(cards.filter((t) => matchesFilters(t, failing)).map((t) => t.key)).toEqual(['failed', 'timed-out']);
  });

  it('puts each card in exactly one swimlane, with the "none" lane last', () => {
    const a = task({
      key: 'a',
      labels: [
        { name: 'zeta', color: null },
        { name: 'alpha', color: null },
      ],
    });
    const b = task({ key: 'b' });
    const c = task({ key: 'c', labels: [{ name: 'beta', color: null }] });
    expect(laneOf(a, 'label').title).toBe('Label: alpha');
    expect(lanesFor([b, a, c], 'label').map((l) => l.title)).toEqual(['Label: alpha', 'Label: beta', 'No label']);
    expect(lanesFor([], 'priority').map((l) => l.title)).toEqual([
      'Priority: urgent',
      'Priority: high',
      'Priority: medium',
      'Priority: low',
    ]);
  });
});

describe('optimisticMove', () => {
  const board = (tasks: Card[]) => ({
    tasks,
    columns: (['todo', 'in_progress', 'in_review', 'done', 'cancelled'] as TaskStatus[]).map((status) => ({
      status,
      count: tasks.filter((t) => t.status === status).length,
    })),
  });
  // The cards' order is board order (board.get sends no positions).
  const order = (b: ReturnType<typeof board>, status: TaskStatus) => b.tasks.filter((t) => t.status === status).map((t) => t.key);

  it('places the card between its neighbours, at either end, or in an empty column, and updates the counts', () => {
    const b = board([task({ key: 'a' }), task({ key: 'b' }), task({ key: 'c' })]);
    expect(order(optimisticMove(b, { key: 'c', toStatus: 'todo', afterKey: 'a', beforeKey: 'b' }), 'todo')).toEqual([
      'a',
      'c',
      'b',
    ]);
    expect(order(optimisticMove(b, { key: 'c', toStatus: 'todo', beforeKey: 'a' }), 'todo')).toEqual(['c', 'a', 'b']);
    expect(order(optimisticMove(b, { key: 'a', toStatus: 'todo', afterKey: 'c' }), 'todo')).toEqual(['b', 'c', 'a']);
    const moved = optimisticMove(b, { key: 'b', toStatus: 'done' });
    expect(order(moved, 'done')).toEqual(['b']);
    expect(moved.columns.find((c) => c.status === 'todo')?.count).toBe(2);
    expect(moved.columns.find((c) => c.status === 'done')?.count).toBe(1);
  });

  it('shows no next run at once for a card moved to Done or Cancelled', () => {
    const b = board([task({ key: 'x', nextRunAt: new Date('2030-01-01T00:00:00Z') })]);
    // board.get leaves a card's nextRunAt out when it has none.
    expect(optimisticMove(b, { key: 'x', toStatus: 'cancelled' }).tasks[0]?.nextRunAt).toBeUndefined();
    expect(optimisticMove(b, { key: 'x', toStatus: 'in_review' }).tasks[0]?.nextRunAt).toEqual(new Date('2030-01-01T00:00:00Z'));
  });
});
