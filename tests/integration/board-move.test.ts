// The board's move service against a real database (SQLite file or PostgreSQL):
// each row of PRODUCT.md's "board and worker" table a person triggers by a
// drag, fractional positions (one row written), optimistic concurrency and
// the task.moved event with its actor. Plus WIP limits, quick add and getBoard.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cardsOf } from '../../components/board/card';
import { getBoard } from '../../server/board/get-board';
import { moveTask } from '../../server/board/move-task';
import { MIN_POSITION_GAP } from '../../server/board/place-in-column';
import { quickAddTask } from '../../server/board/quick-add-task';
import { setWipLimit } from '../../server/board/set-wip-limit';
import type { Db } from '../../server/db';
import type { TaskInput } from '../../server/tasks/schemas';
import { userActor } from './helpers/actors';
import { expectAppError } from './helpers/app-error';
import { createShellTask } from './helpers/tasks';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const alice = userActor('operator', 'alice');
const T0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe(`board moves on ${provider}`, () => {
  const testDb = useTestDatabase();
  let db: Db;

  const create = (input: Partial<TaskInput> & { key: string }, now = T0) => createShellTask(db, input, { actor: alice, source: 'ui', now });
  const row = (key: string) => db.task.findUniqueOrThrow({ where: { key } });
  const move = async (
    key: string,
    toStatus: Parameters<typeof moveTask>[0]['toStatus'],
    extra: Partial<Parameters<typeof moveTask>[0]> = {},
  ) => moveTask({ db, key, toStatus, expectedBoardVersion: (await row(key)).boardVersion, actor: alice, now: T0, ...extra });
  const column = async (status: string) =>
    (await db.task.findMany({ where: { status }, orderBy: [{ position: 'asc' }, { id: 'asc' }], select: { key: true } })).map(
      (t) => t.key,
    );
  const runsOf = async (key: string) =>
    db.run.findMany({
      where: { task: { key } },
      orderBy: { id: 'asc' },
      select: { id: true, status: true, trigger: true, cancelRequestedAt: true },
    });
  const queueRun = async (key: string, status: 'queued' | 'running') => {
    const task = await row(key);
    return db.run.create({
      data: {
        taskId: task.id,
        status,
        trigger: 'schedule',
        scheduledFor: at(Math.random() * HOUR),
        startedAt: status === 'running' ? T0 : null,
      },
    });
  };

  beforeAll(() => {
    db = testDb.db;
  });
  beforeEach(() => testDb.reset());

  for (const to of ['cancelled', 'done'] as const) {
    it(`to ${to}: the schedule stops, queued runs are cancelled, a running run keeps running`, async () => {
      await create({ key: 'stop', schedule: '*/5 * * * *' });
      expect((await row('stop')).nextRunAt).not.toBeNull();
      const queued = await queueRun('stop', 'queued');
      const running = await queueRun('stop', 'running');

      const result = await move('stop', to);
      expect(result.task).toMatchObject({ status: to, nextRunAt: null, boardVersion: 2, version: 1 });
      expect(result.cancelledRunIds).toEqual([queued.id]);
      const runs = await runsOf('stop');
      expect(runs.find((r) => r.id === queued.id)?.status).toBe('cancelled');
      expect(runs.find((r) => r.id === running.id)).toMatchObject({ status: 'running', cancelRequestedAt: null });
      expect(await db.event.count({ where: { type: 'run.cancelled', runId: queued.id, actorName: 'alice' } })).toBe(1);
    });
  }

  it('to Cancelled with cancelRunning: the running run is asked to stop as well', async () => {
    await create({ key: 'kill', schedule: '1h' });
    const running = await queueRun('kill', 'running');
    const result = await move('kill', 'cancelled', { cancelRunning: true });
    expect(result.cancelRequestedRunIds).toEqual([running.id]);
    const [run] = await runsOf('kill');
    expect(run?.cancelRequestedAt).not.toBeNull();
  });

  it('back to Todo from Cancelled or Done: the schedule resumes from now, without a burst of missed runs', async () => {
    await create({ key: 'back', schedule: '*/15 * * * *' });
    await move('back', 'cancelled');
    const later = at(10 * HOUR + 7 * MIN);
    const result = await move('back', 'todo', { now: later });
    // The next fire time after now, not one of the 40 fire times missed meanwhile.
    expect(result.task.nextRunAt?.toISOString()).toBe(at(10 * HOUR + 15 * MIN).toISOString());
    expect(await db.run.count()).toBe(0);

    await move('back', 'done', { now: later });
    const again = await move('back', 'todo', { now: at(20 * HOUR + 1 * MIN) });
    expect(again.task.nextRunAt?.toISOString()).toBe(at(20 * HOUR + 15 * MIN).toISOString());
  });

  it('back to Todo keeps a paused task paused (no next run)', async () => {
    await create({ key: 'paused', schedule: '1h', paused: true });
    await move('paused', 'done');
    const result = await move('paused', 'todo', { now: at(HOUR) });
    expect(result.task).toMatchObject({ paused: true, nextRunAt: null });
  });

  it('to In progress: a manual run is queued (once, not again on a reorder there)', async () => {
    await create({ key: 'go', schedule: 'manual' });
    const result = await move('go', 'in_progress');
    expect(result.queuedRunId).not.toBeNull();
    expect(await runsOf('go')).toMatchObject([{ id: result.queuedRunId, status: 'queued', trigger: 'manual' }]);
    expect(await db.event.count({ where: { type: 'run.queued', taskKey: 'go', actorName: 'alice' } })).toBe(1);
    await create({ key: 'other', status: 'in_progress' });
    await move('go', 'in_progress', { afterKey: 'other' });
    expect(await runsOf('go')).toHaveLength(1);
  });

  it('a reorder within a column persists and writes only the moved row', async () => {
    for (const key of ['a', 'b', 'c', 'd']) await create({ key });
    expect(await column('todo')).toEqual(['a', 'b', 'c', 'd']);
    const before = await db.task.findMany({ where: { key: { not: 'd' } }, orderBy: { key: 'asc' } });

    await move('d', 'todo', { afterKey: 'a' });
    expect(await column('todo')).toEqual(['a', 'd', 'b', 'c']);
    const after = await db.task.findMany({ where: { key: { not: 'd' } }, orderBy: { key: 'asc' } });
    expect(after).toEqual(before); // position, version, updatedAt of the others untouched

    await move('a', 'todo', { beforeKey: null, afterKey: 'c' });
    expect(await column('todo')).toEqual(['d', 'b', 'c', 'a']);
    await move('c', 'todo', { beforeKey: 'd' });
    expect(await column('todo')).toEqual(['c', 'd', 'b', 'a']);
  });

  it('renumbers a column in the same move when the gap between neighbours gets too small', async () => {
    await create({ key: 'x' });
    await create({ key: 'y' });
    await create({ key: 'm' });
    const x = await row('x');
    await db.task.update({ where: { key: 'y' }, data: { position: x.position + MIN_POSITION_GAP / 2 } });
    await move('m', 'todo', { afterKey: 'x' });
    expect(await column('todo')).toEqual(['x', 'm', 'y']);
    const positions = (await db.task.findMany({ orderBy: { position: 'asc' } })).map((t) => t.position);
    expect(positions[1]! - positions[0]!).toBeGreaterThan(MIN_POSITION_GAP);
    expect(positions[2]! - positions[1]!).toBeGreaterThan(MIN_POSITION_GAP);
  });

  it('refuses a stale version with a CONFLICT that says someone else changed the card, and writes nothing', async () => {
    await create({ key: 'both', schedule: '1h' });
    await moveTask({ db, key: 'both', toStatus: 'in_review', expectedBoardVersion: 1, actor: alice, now: T0 });
    const bob = userActor('operator', 'bob');
    await expectAppError(
      moveTask({ db, key: 'both', toStatus: 'cancelled', expectedBoardVersion: 1, actor: bob, now: T0 }),
      'CONFLICT',
      /changed by someone else/,
    );
    expect(await row('both')).toMatchObject({ status: 'in_review', boardVersion: 2, version: 1 });
    expect(await db.event.count({ where: { type: 'task.moved', actorName: 'bob' } })).toBe(0);
  });

  it('refuses a neighbour that is not in the target column', async () => {
    await create({ key: 'p' });
    await create({ key: 'q', status: 'done' });
    await expectAppError(move('p', 'in_review', { afterKey: 'q' }), 'CONFLICT', /'q' is no longer in that column/);
    await expectAppError(move('p', 'todo', { afterKey: 'p' }), 'BAD_REQUEST', /next to itself/);
  });

  it('records task.moved with the actor and from/to on every move', async () => {
    await create({ key: 'ev' });
    await move('ev', 'in_review');
    await move('ev', 'in_review');
    await move('ev', 'done');
    const events = await db.event.findMany({ where: { type: 'task.moved', taskKey: 'ev' }, orderBy: { id: 'asc' } });
    expect(
      events.map((e) => [e.actorType, e.actorName, (e.payload as { from: string }).from, (e.payload as { to: string }).to]),
    ).toEqual([
      ['user', 'alice', 'todo', 'in_review'],
      ['user', 'alice', 'in_review', 'in_review'],
      ['user', 'alice', 'in_review', 'done'],
    ]);
  });

  it('getBoard returns columns with counts and WIP limits, and which tasks are running since when', async () => {
    await create({ key: 'one' });
    await create({ key: 'two' });
    await create({ key: 'three', status: 'done' });
    await setWipLimit({ db, status: 'todo', wipLimit: 1, actor: alice });
    const running = await queueRun('two', 'running');
    await queueRun('one', 'queued');
    const board = await getBoard({ db });
    expect(board.columns.map((c) => [c.title, c.count, c.wipLimit])).toEqual([
      ['Todo', 2, 1],
      ['In progress', 0, null],
      ['In review', 0, null],
      ['Done', 1, null],
      ['Cancelled', 0, null],
    ]);
    // Board order within each column (the client groups by column), read as the board reads it.
    const cards = cardsOf(board);
    expect(cards.filter((t) => t.status === 'todo').map((t) => t.key)).toEqual(['one', 'two']);
    // The running run and the queued count ride on the cards (dates as epoch ms).
    const card = (key: string) => board.tasks.find((t) => t.key === key)!;
    expect(cards.find((t) => t.key === 'two')).toMatchObject({ runningRunId: running.id, runningSince: T0 });
    expect(card('two')).toMatchObject({ runningSince: T0.getTime() });
    expect(card('two').queued).toBeUndefined();
    expect(card('one')).toMatchObject({ queued: 1 });
    expect(card('one').runningRunId).toBeUndefined();
    await setWipLimit({ db, status: 'todo', wipLimit: null, actor: alice });
    expect((await getBoard({ db })).columns[0]?.wipLimit).toBeNull();
  });

  it('quick add creates a shell task at the end of the column, with a key from its name', async () => {
    const quickAdd = (input: Parameters<typeof quickAddTask>[0]['input']) => quickAddTask({ db, input, actor: alice, defaultTimezone: 'UTC', now: T0 });
    await create({ key: 'first', status: 'in_review' });
    const task = await quickAdd({ status: 'in_review', name: 'Purge caches!', command: 'echo hi', schedule: 'daily at 03:00' });
    expect(task).toMatchObject({
      key: 'purge-caches',
      status: 'in_review',
      kind: 'shell',
      command: 'echo hi',
    });
    expect(task.scheduleDescription).toMatch(/03:00/);
    const again = await quickAdd({ status: 'todo', name: 'Purge caches', command: 'true' });
    expect(again.key).toMatch(/^purge-caches-[0-9a-f]{4}$/);
    expect(await column('in_review')).toEqual(['first', 'purge-caches']);
    await expectAppError(
      quickAdd({ status: 'todo', name: 'Bad', command: 'true', schedule: '61 * * * *' }),
      'INVALID_SCHEDULE',
      /minute/,
    );
    const started = await quickAdd({ status: 'in_progress', name: 'Go now', command: 'true' });
    expect(await runsOf(started.key)).toMatchObject([{ status: 'queued', trigger: 'manual' }]);
  });
});
