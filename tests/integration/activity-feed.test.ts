// The quiet activity feed (issue 15 item 5) against a real worker: a run is one
// row whose sentence says how it ended ("Run #N of Nightly backup failed after
// 0.1 s: exit code 3"), expanding into its queued/started/finished/moved
// events; the worker's board moves get rows of their own only when asked for;
// a person's move stays their own row; keyset pages never show a run twice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moveTask } from '../../server/board/move-task';
import { listActivity, type ActivityRow } from '../../server/events/list-activity';
import { listRunTransitions } from '../../server/events/list-run-transitions';
import { queueRuns } from '../../server/queue/queue-runs';
import { createUser } from '../../server/users/create-user';
import { SYSTEM_ACTOR, type Actor } from '../../server/auth/actor';
import type { CronboardWorker } from '../../worker/worker';
import { waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, makeTask, testConfig } from './helpers/worker-harness';

describe(`grouped activity feed on ${testProvider()}`, () => {
  const t = useTestDatabase();
  let worker: CronboardWorker | undefined;
  let ada: Actor;

  beforeEach(async () => {
    await t.reset(['run', 'task', 'event', 'session', 'user']);
    const user = await createUser({ db: t.db, email: 'ada@example.test', name: 'Ada', password: 'correct horse battery', role: 'editor', actor: SYSTEM_ACTOR });
    ada = { type: 'user', id: user.id, name: user.email, role: 'editor' };
  });
  afterEach(async () => {
    await worker?.stop('test over', 2000);
    worker = undefined;
  });

  async function runToEnd(runIds: number[]) {
    worker = inProcessWorker(t.db, testConfig(t.url), { concurrency: 4 });
    await worker.start();
    await waitFor(
      async () => (await t.db.run.count({ where: { id: { in: runIds }, status: { in: ['queued', 'running'] } } })) === 0,
      30_000,
      'the runs to finish',
    );
    // The card's move after the last finish is in the same batch; let the batch commit.
    await worker.stop('runs done', 2000);
    worker = undefined;
  }

  it('folds a failed run into one highlighted row with a full sentence, its transitions behind it', async () => {
    const task = await makeTask(t.db, { key: 'nightly-backup', name: 'Nightly backup', command: 'exit 3' });
    const [runId] = await queueRuns({ db: t.db, task: { id: task.id }, trigger: 'manual', actor: ada });
    await runToEnd([runId!]);

    const page = await listActivity({ db: t.db });
    const runRows = page.items.filter((r) => r.kind === 'run');
    expect(runRows).toHaveLength(1);
    const row = runRows[0]!;
    expect(row).toMatchObject({ runId, state: 'failed', failed: true, taskName: 'Nightly backup' });
    expect(row.summary).toMatch(new RegExp(`^Run #${runId} of Nightly backup failed after [0-9.]+ (ms|s): exit code 3$`));
    // queued, started (the worker moves the card to In progress), failed (and to In review): one row, five transitions.
    const transitions = await listRunTransitions({ db: t.db, runId: runId! });
    expect(transitions.map((e) => e.type)).toEqual(['run.queued', 'run.started', 'task.moved', 'run.failed', 'task.moved']);
    expect(row.transitions).toBe(5);
    expect(transitions[0]!.summary).toBe(`Ada queued run #${runId} of Nightly backup`);
    expect(transitions[2]!.summary).toMatch(/^worker .+ moved Nightly backup to In progress$/);
    expect(transitions[4]!.summary).toMatch(/^worker .+ moved Nightly backup to In review$/);
    expect(transitions.find((e) => e.type === 'run.failed')?.failed).toBe(true);
    // Nothing else but the worker's start and stop and the creations.
    expect(page.items.map((r) => (r.kind === 'event' ? r.type : 'run'))).toEqual(['worker.stopped', 'run', 'worker.started', 'task.created', 'user.created']);

    // Asked for, the worker's move is its own row (and leaves the run's story).
    const loud = await listActivity({ db: t.db, workerMoves: true });
    const moves = loud.items.filter((r) => r.kind === 'event' && r.type === 'task.moved').map((r) => r.summary);
    expect(moves).toEqual([expect.stringMatching(/moved Nightly backup to In review$/), expect.stringMatching(/moved Nightly backup to In progress$/)]);
    expect(loud.items.find((r) => r.kind === 'run')).toMatchObject({ transitions: 3, state: 'failed' });
  });

  it('keeps a person\'s board move as their own sentence and folds the run it queued', async () => {
    const task = await makeTask(t.db, { key: 'report', name: 'Weekly report' });
    const moved = await moveTask({ db: t.db, key: 'report', toStatus: 'in_progress', expectedBoardVersion: task.boardVersion, actor: ada });
    await runToEnd([moved.queuedRunId!]);
    const page = await listActivity({ db: t.db });
    const kinds = page.items.filter((r) => r.taskKey === 'report').map((r) => (r.kind === 'event' ? r.summary : `run ${r.runId}: ${r.summary}`));
    expect(kinds[0]).toMatch(new RegExp(`^run ${moved.queuedRunId}: Run #${moved.queuedRunId} of Weekly report succeeded in [0-9.]+ (ms|s)$`));
    expect(kinds.slice(1)).toEqual(['Ada moved Weekly report to In progress', 'system created Weekly report']);
    expect(page.items.filter((r) => r.kind === 'run')).toHaveLength(1);
  });

  it('pages by keyset: every run once, newest first, across pages of any size', async () => {
    const task = await makeTask(t.db, { key: 'many', name: 'Many runs', overlap: 'allow', maxInstances: 4 });
    const runIds = await queueRuns({ db: t.db, task: { id: task.id }, trigger: 'manual', times: 23, actor: ada });
    await runToEnd(runIds);
    const rowsOf = async (limit: number) => {
      const rows: ActivityRow[] = [];
      let cursor: number | null = null;
      let pages = 0;
      do {
        const page = await listActivity({ db: t.db, limit, cursor });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        rows.push(...page.items);
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 100);
      return { rows, pages };
    };
    for (const limit of [1, 5, 50]) {
      const { rows, pages } = await rowsOf(limit);
      const runs = rows.flatMap((r) => (r.kind === 'run' ? [r.runId] : []));
      expect(new Set(runs).size, `limit ${limit}`).toBe(runs.length);
      expect([...runs].sort((a, b) => a - b)).toEqual(runIds);
      expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => b - a));
      expect(rows.every((r) => r.kind === 'event' || r.state === 'succeeded')).toBe(true);
      if (limit === 5) expect(pages).toBeGreaterThanOrEqual(5);
    }
    // 23 runs of about 3 events each and one creation: a page of 50 rows holds them all.
    const events = await t.db.event.count();
    expect(events).toBeGreaterThan(60);
    const all = await listActivity({ db: t.db, limit: 50 });
    // The worker's start and stop, Ada's creation and the task's: four rows beside the 23 runs.
    expect(all.items.filter((r) => r.kind === 'event').map((r) => r.kind === 'event' && r.type)).toEqual([
      'worker.stopped',
      'worker.started',
      'task.created',
      'user.created',
    ]);
    expect(all.items).toHaveLength(27);
  });

  it('filters as the flat feed does: by type, the row being the run it matched', async () => {
    const bad = await makeTask(t.db, { key: 'bad', name: 'Bad one', command: 'exit 2' });
    const good = await makeTask(t.db, { key: 'good', name: 'Good one' });
    const ids = [
      ...(await queueRuns({ db: t.db, task: { id: bad.id }, trigger: 'manual', actor: ada })),
      ...(await queueRuns({ db: t.db, task: { id: good.id }, trigger: 'manual', actor: ada })),
    ];
    await runToEnd(ids);
    const failed = await listActivity({ db: t.db, type: 'run.failed' });
    expect(failed.items.map((r) => r.summary)).toEqual([expect.stringMatching(/^Run #\d+ of Bad one failed after .+: exit code 2$/)]);
    const byTask = await listActivity({ db: t.db, taskKey: 'good' });
    expect(byTask.items.map((r) => (r.kind === 'event' ? r.type : 'run'))).toEqual(['run', 'task.created']);
    expect(byTask.items[0]!.summary).toMatch(/^Run #\d+ of Good one succeeded/);
  });
});
