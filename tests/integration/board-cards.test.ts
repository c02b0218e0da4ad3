// board.get's card view: each card's last runs (the strip), and a failing
// card's "failing since" and first stderr line, on both databases.
import { describe, expect, it } from 'vitest';
import { cardsOf } from '../../components/board/card';
import { getBoard } from '../../server/board/get-board';
import { decodeRunStrip } from '../../server/board/run-strip';
import { makeTask } from './helpers/worker-harness';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const T0 = new Date('2026-03-01T08:00:00Z');
const minutes = (d: Date) => Math.floor(d.getTime() / 60_000);

describe(`board cards on ${provider}`, () => {
  const testDb = useTestDatabase();

  it('carries the last 10 runs newest first, and for a failing card since when and its first stderr line', async () => {
    const { db } = testDb;
    const ok = await makeTask(db, { key: 'fine' });
    const bad = await makeTask(db, { key: 'broken' });
    const run = (taskId: number, i: number, status: string, extra: object = {}) =>
      db.run.create({
        data: { taskId, status, trigger: 'manual', startedAt: new Date(T0.getTime() + i * 60_000), durationMs: 1500, ...extra },
      });
    for (let i = 0; i < 12; i++) await run(ok.id, i, 'succeeded');
    await run(bad.id, 0, 'succeeded');
    await run(bad.id, 1, 'failed', { error: 'exit code 6' });
    const last = await run(bad.id, 2, 'timed_out', { error: 'timed out after 10 s' });
    await db.runLog.create({ data: { runId: last.id, seq: 1, stream: 'stdout', data: 'working\n' } });
    await db.runLog.create({ data: { runId: last.id, seq: 2, stream: 'stderr', data: '\nfatal: the remote hung up\nmore\n' } });
    await db.run.create({ data: { taskId: bad.id, status: 'queued', trigger: 'manual' } });

    const board = await getBoard({ db });
    const fine = board.tasks.find((t) => t.key === 'fine')!;
    const broken = board.tasks.find((t) => t.key === 'broken')!;
    const fineRuns = decodeRunStrip(fine.runs!);
    expect(fineRuns).toHaveLength(10);
    expect(fineRuns[0]).toMatchObject({ status: 'succeeded', startedAt: minutes(T0) + 11, durationDs: 15 });
    expect(fine.failingSince).toBeUndefined();
    expect(fine.failure).toBeUndefined();

    // The queued run is not history; the streak of failures began with the failed run at T0 + 1 min.
    expect(decodeRunStrip(broken.runs!).map((r) => r.status)).toEqual(['timed_out', 'failed', 'succeeded']);
    expect(new Date(broken.failingSince!).toISOString()).toBe('2026-03-01T08:01:00.000Z');
    expect(broken.failure).toBe('fatal: the remote hung up');
    expect(board.schedules[broken.schedule]).toBe('Manual only');
  });

  it('sends a status once per column, no positions, and a running run only when the strip does not show it', async () => {
    const { db } = testDb;
    const a = await makeTask(db, { key: 'a', status: 'todo' });
    await makeTask(db, { key: 'b', status: 'todo' });
    const c = await makeTask(db, { key: 'c', status: 'in_progress' });
    await makeTask(db, { key: 'd', status: 'in_progress' });
    const start = { trigger: 'manual', startedAt: T0 };
    // a: its running run is the strip's newest; c: an older run still running under a newer finished one.
    const aRun = await db.run.create({ data: { taskId: a.id, status: 'running', ...start } });
    const cOld = await db.run.create({ data: { taskId: c.id, status: 'running', ...start } });
    await db.run.create({ data: { taskId: c.id, status: 'succeeded', ...start, durationMs: 100 } });

    const board = await getBoard({ db });
    const mine = <T extends { key: string }>(list: T[]) => list.filter((t) => ['a', 'b', 'c', 'd'].includes(t.key));
    // Board order is column by column: a status only on each column's first card.
    expect(board.tasks.filter((t) => t.status !== undefined).map((t) => t.status)).toEqual(['in_progress', 'todo']);
    expect(mine(board.tasks).map((t) => t.key)).toEqual(['c', 'd', 'a', 'b']);
    expect(board.tasks.some((t) => 'position' in t)).toBe(false);
    expect(board.tasks.find((t) => t.key === 'a')?.runningRunId).toBeUndefined();
    expect(board.tasks.find((t) => t.key === 'c')?.runningRunId).toBe(cOld.id);
    // The board reads the same columns and running runs as before.
    expect(mine(cardsOf(board)).map((t) => [t.key, t.status, t.runningRunId])).toEqual([
      ['c', 'in_progress', cOld.id],
      ['d', 'in_progress', null],
      ['a', 'todo', aRun.id],
      ['b', 'todo', null],
    ]);
  });

  it('with firstPerColumn sends the first cards of each column, as the whole board has them, with the counts of all', async () => {
    const { db } = testDb;
    for (let i = 0; i < 5; i++) await makeTask(db, { key: `todo-${i}`, status: 'todo' });
    for (let i = 0; i < 3; i++) await makeTask(db, { key: `doing-${i}`, status: 'in_progress' });
    const review = await makeTask(db, { key: 'review-0', status: 'in_review' });
    await db.run.create({ data: { taskId: review.id, status: 'failed', trigger: 'manual', startedAt: T0, durationMs: 100, error: 'exit code 2' } });
    const mine = <T extends { key: string }>(list: T[]) => list.filter((t) => /^(todo|doing|review)-/.test(t.key));

    const whole = await getBoard({ db });
    const first = await getBoard({ db, firstPerColumn: 2 });
    expect(first.partial).toBe(true);
    expect(whole.partial).toBeUndefined();
    // The counts are of every card; the cards are each column's first two, strips and failures included.
    expect(first.columns).toEqual(whole.columns);
    expect(first.columns.find((c) => c.status === 'todo')?.count).toBe(cardsOf(whole).filter((c) => c.status === 'todo').length);
    expect(first.tasks.length).toBeLessThan(whole.tasks.length);
    const firstTwo = cardsOf(whole).filter((card, i, all) => all.slice(0, i).filter((c) => c.status === card.status).length < 2);
    expect(mine(cardsOf(first))).toEqual(mine(firstTwo));
    expect(mine(cardsOf(first)).map((c) => c.key)).toEqual(mine(firstTwo).map((c) => c.key));
    expect(cardsOf(first)).toEqual(firstTwo);
    for (const column of first.columns) expect(cardsOf(first).filter((c) => c.status === column.status)).toHaveLength(Math.min(2, column.count));
    // Enough for every card: the whole board, strips and failures alike.
    const { partial, ...all } = await getBoard({ db, firstPerColumn: 500 });
    expect(partial).toBe(true);
    expect(all).toEqual(whole);
    expect(cardsOf(all).find((c) => c.key === 'review-0')?.failure).toBe('exit code 2');
  });
});
