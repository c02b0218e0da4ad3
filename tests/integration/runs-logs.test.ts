// Following a run's log (the run page's live log over SSE) and exporting it
// (Download), against a real database on both providers.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { AppError } from '../../server/errors';
import { exportRunLog } from '../../server/runs/export-run-log';
import { followRunLogs, type FollowUpdate } from '../../server/runs/follow-run-logs';
import { createTask } from '../../server/tasks/create-task';
import { tester } from './helpers/actors';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const actor = tester;

describe(`run log follow and export on ${provider}`, () => {
  const testDb = useTestDatabase();
  let db: Db;
  let taskId: number;

  beforeAll(async () => {
    db = testDb.db;
    taskId = (
      await createTask({
        db,
        input: { key: 'logs', name: 'logs', kind: 'shell', command: 'true' },
        actor,
        source: 'cli',
        defaultTimezone: 'UTC',
      })
    ).id;
  });

  const append = (runId: number, seq: number, data: string, stream = 'stdout') =>
    db.runLog.create({ data: { runId, seq, data, stream } });

  it('delivers chunks written while the run is live, in order, each once, then ends when it finishes', async () => {
    const run = await db.run.create({ data: { taskId, trigger: 'manual', status: 'running', startedAt: new Date() } });
    await append(run.id, 1, 'line 1\n');
    const updates: FollowUpdate[] = [];
    const following = (async () => {
      for await (const u of followRunLogs({ db, runId: run.id, pollMs: 20, batch: 2 })) updates.push(u);
    })();
    // The worker keeps writing, then finishes the run (chunks always before the terminal update).
    for (let seq = 2; seq <= 6; seq++) {
      await new Promise((r) => setTimeout(r, 30));
      await append(run.id, seq, `line ${seq}\n`, seq === 4 ? 'stderr' : 'stdout');
    }
    await db.run.update({ where: { id: run.id }, data: { status: 'succeeded', finishedAt: new Date() } });
    await following;
    const seqs = updates.flatMap((u) => (u.kind === 'chunks' ? u.chunks.map((c) => c.seq) : []));
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(updates.at(-1)).toEqual({ kind: 'end', status: 'succeeded', logTruncated: false });
    expect(updates.filter((u) => u.kind === 'end')).toHaveLength(1);
  });

  it('resumes after a seq (an EventSource reconnect with Last-Event-ID)', async () => {
    const run = await db.run.create({ data: { taskId, trigger: 'manual', status: 'failed', finishedAt: new Date() } });
    for (let seq = 1; seq <= 4; seq++) await append(run.id, seq, `x${seq}`);
    const seqs: number[] = [];
    for await (const u of followRunLogs({ db, runId: run.id, afterSeq: 2 }))
      if (u.kind === 'chunks') seqs.push(...u.chunks.map((c) => c.seq));
    expect(seqs).toEqual([3, 4]);
  });

  it('stops promptly when the client goes away, even mid-wait on a run that never ends', async () => {
    const run = await db.run.create({ data: { taskId, trigger: 'manual', status: 'running', startedAt: new Date() } });
    const abort = new AbortController();
    const started = Date.now();
    const following = (async () => {
      let n = 0;
      for await (const _ of followRunLogs({ db, runId: run.id, pollMs: 60_000, signal: abort.signal })) n++;
      return n;
    })();
    await new Promise((r) => setTimeout(r, 100));
    abort.abort();
    expect(await following).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a missing run with NOT_FOUND', async () => {
    const error = await (async () => {
      for await (const _ of followRunLogs({ db, runId: 987_654 })) void _;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('NOT_FOUND');
  });

  it('exports the whole log as text, system lines marked, across more than one page of chunks', async () => {
    const run = await db.run.create({
      data: { taskId, trigger: 'manual', status: 'succeeded', finishedAt: new Date(), logTruncated: true },
    });
    await db.runLog.createMany({
      data: Array.from({ length: 2500 }, (_, i) => ({ runId: run.id, seq: i + 1, stream: 'stdout', data: `${i + 1}\n` })),
    });
    await append(run.id, 2501, 'partial');
    await append(run.id, 2502, '[output truncated after 100 bytes]', 'system');
    const { text, complete } = await exportRunLog({ db, runId: run.id });
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['1', '2', '3']);
    expect(lines[2499]).toBe('2500');
    expect(lines[2500]).toBe('partial');
    expect(lines[2501]).toBe('[cronboard] [output truncated after 100 bytes]');
    expect(complete).toBe(true);
  });
});
