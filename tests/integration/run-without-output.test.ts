// A run that succeeds without writing anything stores no log rows (the drain's
// cheapest finish, worker/executor/index.ts); the REST log and `cronboard logs`
// then say "no output" (the run page says "This run wrote no output."). A run
// that fails, or writes anything, keeps its start and end lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { queueRuns } from '../../server/queue/queue-runs';
import type { CronboardWorker } from '../../worker/worker';
import { runBin } from './helpers/processes';
import { tokenFor } from './helpers/rest-client';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, makeTask, testConfig, waitForRunToFinish } from './helpers/worker-harness';

const provider = testProvider();
type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;

describe(`a run without output on ${provider}`, () => {
  const t = useTestDatabase({ app: true });
  let worker: CronboardWorker;
  let GET: Handler;
  let token: string;

  beforeAll(async () => {
    worker = inProcessWorker(t.db, testConfig(t.url), { concurrency: 2 });
    await worker.start();
    token = await tokenFor(t.db, 'viewer');
    GET = (await import('../../app/api/v1/runs/[id]/log/route')).GET;
  });
  afterAll(() => worker.stop('test done', 5_000));

  const runOnce = async (input: Parameters<typeof makeTask>[1]) => {
    const task = await makeTask(t.db, input);
    const [runId] = await queueRuns({ db: t.db, task: { id: task.id }, trigger: 'manual', actor: SYSTEM_ACTOR });
    return waitForRunToFinish(t.db, runId!);
  };
  const restLog = async (runId: number) => {
    const response = await GET(new Request(`http://localhost/api/v1/runs/${runId}/log`, { headers: { authorization: `Bearer ${token}` } }), {
      params: Promise.resolve({ id: String(runId) }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-cronboard-log-complete')).toBe('true');
    return response.text();
  };

  // A handler's start and end lines are taken together (no event-loop turn between them), so this
  // is deterministic; a silent shell run is the same unless its start line was flushed on its own
  // first (the sink's 200 ms timer, when spawning is slow), and then it keeps both lines.
  it('a no-op handler run stores no log rows; REST and the CLI say there is no output', async () => {
    for (const input of [{ key: 'silent-handler', kind: 'handler' as const, handler: 'noop' }]) {
      const run = await runOnce(input);
      expect(run.status).toBe('succeeded');
      expect(run.durationMs).not.toBeNull();
      expect(await t.db.runLog.count({ where: { runId: run.id } })).toBe(0);
      expect(await restLog(run.id)).toBe('[cronboard] no output\n');
      const cli = await runBin(t.url, ['logs', String(run.id)]);
      expect(cli.code, cli.stderr).toBe(0);
      expect(cli.stdout).toBe('');
      expect(cli.stderr.trim()).toBe(`(run ${run.id} has no output)`);
    }
  }, 120_000);

  it('a failed run without output and a run with output keep their start and end lines', async () => {
    const failedRun = await runOnce({ key: 'silent-failure', command: 'false' });
    expect(failedRun.status).toBe('failed');
    expect(await restLog(failedRun.id)).toMatch(/^\[cronboard\] \$ false\n\[cronboard\] exit code 1 in [\d.]+ s\n$/);

    const talkative = await runOnce({ key: 'talkative', command: 'echo hello' });
    expect(talkative.status).toBe('succeeded');
    expect(await restLog(talkative.id)).toMatch(/^\[cronboard\] \$ echo hello\nhello\n\[cronboard\] exit code 0 in [\d.]+ s\n$/);
  }, 60_000);
});
