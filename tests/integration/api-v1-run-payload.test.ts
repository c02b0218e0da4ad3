// Run now's `payload` override, end to end on both databases: queued through
// the real REST route (POST /api/v1/tasks/{key}/run), run by a real worker,
// seen by the handler (ctx.payload) and a shell task (CRONBOARD_PAYLOAD),
// kept by the retry, shown by GET /runs/{id}; bad payloads get a 422 naming it.

import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Db } from '../../server/db';
import { registerHandler } from '../../worker/handlers';
import type { CronboardWorker } from '../../worker/worker';
import { restClient, tokenFor, type ApiErrorJson, type RestClient } from './helpers/rest-client';
import { runCli, waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, scratchDir, testConfig, waitForRunToFinish } from './helpers/worker-harness';

interface Queued {
  runIds: number[];
  replayed: boolean;
}

describe(`Run now's payload override on ${testProvider()}`, () => {
  const t = useTestDatabase({ app: true });
  const dir = scratchDir();
  let db: Db;
  let api: RestClient;
  let editor: string;
  let operator: string;
  let worker: CronboardWorker | null = null;

  beforeAll(async () => {
    db = await getDb();
    api = await restClient();
    editor = await tokenFor(db, 'editor');
    operator = await tokenFor(db, 'operator');
    registerHandler('test.echo-payload', ({ payload }) => ({ got: payload }));
  });
  afterEach(async () => {
    await worker?.stop('test over', 2000);
    worker = null;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const startWorker = async () => {
    worker = inProcessWorker(t.db, testConfig(t.url, { allowedWorkdirs: [dir] }));
    await worker.start();
  };
  const stdoutOf = async (runId: number) =>
    (await db.runLog.findMany({ where: { runId, stream: 'stdout' }, orderBy: { seq: 'asc' } })).map((l) => l.data).join('');

  it("gives the handler the run's payload instead of the task's, and GET /runs/{id} shows it", async () => {
    const created = await api.call('POST', '/tasks', { token: editor, body: { key: 'report', name: 'Report', handler: 'test.echo-payload', payload: { date: 'task' } } });
    expect(created.status).toBe(200);
    const override = await api.call<Queued>('POST', '/tasks/report/run', { token: operator, body: { payload: { date: '2026-12-01', to: ['ops'] } } });
    expect(override.status).toBe(200);
    const plain = await api.call<Queued>('POST', '/tasks/report/run', { token: operator });
    await startWorker();
    const [withPayload, withoutPayload] = [override.body.runIds[0]!, plain.body.runIds[0]!];
    expect((await waitForRunToFinish(db, withPayload)).status).toBe('succeeded');
    expect((await waitForRunToFinish(db, withoutPayload)).status).toBe('succeeded');

    const shown = await api.call<{ payload: unknown; result: unknown; trigger: string }>('GET', `/runs/${withPayload}`, { token: operator });
    expect(shown.body).toMatchObject({ trigger: 'api', payload: { date: '2026-12-01', to: ['ops'] }, result: { got: { date: '2026-12-01', to: ['ops'] } } });
    const other = await api.call<{ payload: unknown; result: unknown }>('GET', `/runs/${withoutPayload}`, { token: operator });
    expect(other.body).toMatchObject({ payload: null, result: { got: { date: 'task' } } });
    // The task itself is unchanged.
    expect((await db.task.findUniqueOrThrow({ where: { key: 'report' } })).payload).toEqual({ date: 'task' });
  });

  it('gives a shell task CRONBOARD_PAYLOAD from the run, and the retry of a failed run keeps that payload', async () => {
    const body = { key: 'shell-payload', name: 'Shell payload', command: 'printf "%s" "$CRONBOARD_PAYLOAD"; exit 3', payload: { from: 'task' }, maxRetries: 1, retryDelaySeconds: 0 };
    expect((await api.call('POST', '/tasks', { token: editor, body })).status).toBe(200);
    const queued = await api.call<Queued>('POST', '/tasks/shell-payload/run', { token: operator, body: { payload: { from: 'run' } } });
    await startWorker();
    const first = await waitForRunToFinish(db, queued.body.runIds[0]!);
    expect(first.status).toBe('failed');
    expect(JSON.parse(await stdoutOf(first.id))).toEqual({ from: 'run' });
    const queuedRetry = await waitFor(() => db.run.findFirst({ where: { retryOfId: first.id } }), 20_000, 'the retry');
    const retry = await waitForRunToFinish(db, queuedRetry.id);
    expect(retry.attempt).toBe(2);
    expect(JSON.parse(await stdoutOf(retry.id))).toEqual({ from: 'run' });
  });

  it('refuses a payload that is not a JSON object, or too big, with a 422 naming `payload`, and queues nothing', async () => {
    await api.call('POST', '/tasks', { token: editor, body: { key: 'strict', name: 'Strict', command: 'true' } });
    for (const [payload, message] of [
      [[1, 2], /must be a JSON object/],
      ['text', /must be a JSON object/],
      [{ blob: 'x'.repeat(70 * 1024) }, /at most 64 KiB/],
    ] as const) {
      const refused = await api.call<ApiErrorJson>('POST', '/tasks/strict/run', { token: operator, body: { payload } });
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
      expect(refused.body.error.fields.payload).toMatch(message);
    }
    expect(await db.run.count({ where: { task: { key: 'strict' } } })).toBe(0);
  });

  it('takes the same override from `cronboard run KEY --payload JSON`, and refuses a bad one naming the flag', async () => {
    const cli = (...args: string[]) => runCli(args, { DATABASE_URL: t.url, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn' });
    const ok = await cli('run', 'strict', '--payload', '{"n": 3}', '--json');
    expect(ok.code).toBe(0);
    const [run] = (JSON.parse(ok.stdout) as { runs: { id: number }[] }).runs;
    expect((await db.run.findUniqueOrThrow({ where: { id: run!.id } })).payload).toEqual({ n: 3 });
    const notObject = await cli('run', 'strict', '--payload', '[3]');
    expect(notObject.code).toBe(2);
    expect(notObject.stderr).toMatch(/--payload: must be a JSON object/);
    const notJson = await cli('run', 'strict', '--payload', '{n: 3}');
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/--payload: not valid JSON/);
    expect(await db.run.count({ where: { task: { key: 'strict' } } })).toBe(1);
    await db.run.deleteMany({ where: { task: { key: 'strict' } } });
  });

  it('treats another payload under the same Idempotency-Key as another request (409), the same one as a replay', async () => {
    const headers = { 'idempotency-key': 'payload-1' };
    const first = await api.call<Queued>('POST', '/tasks/strict/run', { token: operator, body: { payload: { n: 1 } }, headers });
    const again = await api.call<Queued>('POST', '/tasks/strict/run', { token: operator, body: { payload: { n: 1 } }, headers });
    expect(again.body).toEqual({ runIds: first.body.runIds, replayed: true });
    const other = await api.call<ApiErrorJson>('POST', '/tasks/strict/run', { token: operator, body: { payload: { n: 2 } }, headers });
    expect(other.status).toBe(409);
    expect(await db.run.count({ where: { task: { key: 'strict' } } })).toBe(1);
  });
});

