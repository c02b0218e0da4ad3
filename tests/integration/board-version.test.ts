// The definition's version apart from the board's: a worker moving a card
// (run started, run finished) and updating lastRun never bumps the version a
// person's form edit is checked against, and a card that comes back from a
// run lands at the top of its column (not the bottom of a long Todo).
import { describe, expect, it } from 'vitest';
import { moveTask } from '../../server/board/move-task';
import { claimAndStartRuns } from '../../server/queue/claim-and-start-runs';
import { finishRuns } from '../../server/queue/finish-runs';
import { recordRunStarts } from '../../server/queue/record-run-starts';
import { updateTask } from '../../server/tasks/update-task';
import { userActor, workerActor } from './helpers/actors';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeTask } from './helpers/worker-harness';

const provider = testProvider();
const worker = workerActor('w-version', 'version worker');
const ada = userActor('editor', 'ada');

describe(`task version vs board version on ${provider}`, () => {
  const testDb = useTestDatabase();

  it('a run moved by the worker leaves the version alone, so an edit based on it still saves; the card returns to the top of Todo', async () => {
    const { db } = testDb;
    await db.worker.create({ data: { id: worker.id!, name: worker.name, host: 'h', pid: 1, version: 't', concurrency: 4 } });
    for (const key of ['other-1', 'other-2', 'other-3']) await makeTask(db, { key, schedule: '1h' });
    const task = await makeTask(db, { key: 'nightly', schedule: '1h' });
    expect(task.version).toBe(1);

    // A person drags it to In progress (run now): a board move.
    const moved = await moveTask({ db, key: 'nightly', toStatus: 'in_progress', expectedBoardVersion: task.boardVersion, actor: ada });
    expect(moved.task).toMatchObject({ status: 'in_progress', version: 1, boardVersion: 2 });

    // The worker starts and finishes the run: lastRun is written and the card goes back to Todo.
    const { runs } = await claimAndStartRuns({ db, workerId: worker.id!, limit: 1, leaseSeconds: 30, actor: worker });
    expect(runs.map((r) => r.id)).toEqual([moved.queuedRunId]);
    await recordRunStarts({ db, started: runs, actor: worker });
    const [done] = await finishRuns({
      db,
      actor: worker,
      items: [{ runId: runs[0]!.id, claimToken: runs[0]!.claimToken, outcome: { status: 'succeeded', exitCode: 0 } }],
    });
    expect(done!.accepted).toBe(true);

    const after = await db.task.findUniqueOrThrow({ where: { key: 'nightly' } });
    expect(after).toMatchObject({ status: 'todo', lastRunStatus: 'succeeded', version: 1 });
    expect(after.boardVersion).toBeGreaterThan(2);
    const todo = await db.task.findMany({ where: { status: 'todo' }, orderBy: [{ position: 'asc' }, { id: 'asc' }] });
    expect(todo.map((t) => t.key)).toEqual(['nightly', 'other-1', 'other-2', 'other-3']);

    // The person's form was opened at version 1 before all that: saving it is not a conflict.
    const edited = await updateTask({ db, key: 'nightly', patch: { name: 'Nightly backup' }, expectedVersion: 1, actor: ada, defaultTimezone: 'UTC' });
    expect(edited).toMatchObject({ name: 'Nightly backup', version: 2 });
    // …and the edit does not touch the board's version: a drag based on what the board showed still lands.
    const again = await moveTask({ db, key: 'nightly', toStatus: 'in_review', expectedBoardVersion: after.boardVersion, actor: ada });
    expect(again.task).toMatchObject({ status: 'in_review', version: 2, boardVersion: after.boardVersion + 1 });
  });
});
