// Reading board.get's compact cards: a card's status is sent only where the
// column changes, its running run is the strip's newest unless it says
// otherwise, and a move keeps every other card in its column.
import { describe, expect, it } from 'vitest';
import { cardsOf } from '../../../components/board/card';
import { optimisticMove } from '../../../components/board/optimistic-move';
import type { BoardCard } from '../../../server/board/board-cards';
import { encodeRunStrip } from '../../../server/board/run-strip';
import { TASK_STATUSES } from '../../../server/tasks/constants';

const card = (key: string, over: Partial<BoardCard> = {}): BoardCard => ({ key, name: key, schedule: 0, ...over });
const strip = (...runs: [number, string][]) =>
  encodeRunStrip(runs.map(([id, status]) => ({ id, status, startedAt: 29_000_000, durationDs: status === 'running' ? null : 5 })));
const board = (tasks: BoardCard[]) => ({ tasks, schedules: ['Manual only'], columns: TASK_STATUSES.map((status) => ({ status, count: 0 })) });
const columnsOf = (data: ReturnType<typeof board>) =>
  Object.fromEntries(TASK_STATUSES.map((s) => [s, cardsOf(data).filter((c) => c.status === s).map((c) => c.key)]));

describe('board.get cards on the board', () => {
  it('puts a card without a status in the column of the card before it', () => {
    const data = board([card('a', { status: 'todo' }), card('b'), card('c', { status: 'done' }), card('d')]);
    expect(columnsOf(data)).toMatchObject({ todo: ['a', 'b'], done: ['c', 'd'], in_progress: [] });
  });

  it('takes the running run from the strip unless the card names it (or says none)', () => {
    const running = strip([40, 'running'], [30, 'succeeded']);
    const data = board([
      card('strip', { status: 'todo', runs: running }),
      card('older', { runs: running, runningRunId: 12 }),
      card('finished', { runs: running, runningRunId: null }),
      card('idle', { runs: strip([41, 'succeeded']) }),
      card('never'),
    ]);
    expect(cardsOf(data).map((c) => [c.key, c.runningRunId])).toEqual([
      ['strip', 40],
      ['older', 12],
      ['finished', null],
      ['idle', null],
      ['never', null],
    ]);
  });

  it('moves the first card of a column without taking the next card along, and keeps the order the drop asked for', () => {
    const data = board([card('a', { status: 'todo' }), card('b'), card('c', { status: 'done' }), card('d')]);
    expect(columnsOf(optimisticMove(data, { key: 'a', toStatus: 'done', afterKey: 'c' }))).toMatchObject({ todo: ['b'], done: ['c', 'a', 'd'] });
    expect(columnsOf(optimisticMove(data, { key: 'c', toStatus: 'todo', beforeKey: 'b' }))).toMatchObject({ todo: ['a', 'c', 'b'], done: ['d'] });
    expect(columnsOf(optimisticMove(data, { key: 'b', toStatus: 'in_review' }))).toMatchObject({ todo: ['a'], in_review: ['b'], done: ['c', 'd'] });
    // No neighbours named: the end of the column.
    expect(columnsOf(optimisticMove(data, { key: 'a', toStatus: 'done' }))).toMatchObject({ todo: ['b'], done: ['c', 'd', 'a'] });
    expect(optimisticMove(data, { key: 'a', toStatus: 'done' }).columns.find((c) => c.status === 'done')?.count).toBe(3);
  });

  it('gives the moved card the version its move makes, so a second move before the refetch is not stale', () => {
    const data = board([card('a', { status: 'todo' }), card('b')]);
    const after = cardsOf(optimisticMove(data, { key: 'a', toStatus: 'done', expectedBoardVersion: 1 }));
    expect(after.find((c) => c.key === 'a')?.boardVersion).toBe(2);
    expect(after.find((c) => c.key === 'b')?.boardVersion).toBe(1);
  });
});
