// Script tasks (issue 17 item 2) with a real worker and real interpreters: the
// body is written to a private temp file, run by its interpreter through the
// shell kind's process group (so a timeout kills what the script started),
// and the file is gone when the run ends. Bad interpreters and oversized
// bodies are refused at save, naming the field, by every way in.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/lib/logger';
import { queueRuns } from '../../server/queue/queue-runs';
import { createTask } from '../../server/tasks/create-task';
import { TASK_LIMITS, type TaskInput } from '../../server/tasks/schemas';
import type { Context } from '../../server/trpc/context';
import { appRouter } from '../../server/trpc/routers/_app';
import { userActor } from './helpers/actors';
import { isAlive, runCli } from './helpers/processes';
import { restClient, tokenFor, type ApiErrorJson } from './helpers/rest-client';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { scratchDir, testConfig, useWorkerFleet, waitForRunToFinish } from './helpers/worker-harness';

const provider = testProvider();

describe(`script tasks on ${provider}`, () => {
  const testDb = useTestDatabase();
  const fleet = useWorkerFleet(testDb);
  let dir: string;
  beforeAll(() => {
    dir = scratchDir();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const script = (key: string, scriptInterpreter: string, scriptBody: string, extra: Partial<TaskInput> = {}) =>
    createTask({
      db: testDb.db,
      input: { key, name: key, kind: 'script', scriptInterpreter, scriptBody, schedule: 'manual', ...extra },
      actor: SYSTEM_ACTOR,
      source: 'cli',
      defaultTimezone: 'UTC',
    });
  const runToEnd = async (key: string) => {
    const [runId] = await queueRuns({ db: testDb.db, task: { key }, trigger: 'manual', actor: SYSTEM_ACTOR });
    const run = await waitForRunToFinish(testDb.db, runId!, 30_000);
    const logs = await testDb.db.runLog.findMany({ where: { runId: runId! }, orderBy: { seq: 'asc' } });
    return { run, stdout: logs.filter((l) => l.stream === 'stdout').map((l) => l.data).join('') };
  };
  const startWorker = async () => {
    const worker = await fleet.add(testDb.db, testDb.url, testConfig(testDb.url, { allowedWorkdirs: [dir] }), { concurrency: 4 });
    await worker.start();
  };

  it('runs a body with each of sh, bash, python3 and node, its output in the log', async () => {
    await script('by-sh', 'sh', 'echo "sh says $((6 * 7))"\n');
    await script('by-bash', 'bash', 'words=(bash says hi); echo "${words[@]}"\n');
    await script('by-python', 'python3', 'import sys\nprint("python says", sys.version_info[0])\n');
    await script('by-node', 'node', 'const os = require("node:os");\nconsole.log("node says", typeof os.cpus());\n');
    await startWorker();
    const outputs = await Promise.all(['by-sh', 'by-bash', 'by-python', 'by-node'].map(runToEnd));
    expect(outputs.map((o) => o.run.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(outputs.map((o) => o.stdout.trim())).toEqual(['sh says 42', 'bash says hi', 'python says 3', 'node says object']);
  });

  it('writes the body to a 0600 file in a 0700 folder while it runs, and removes both after', async () => {
    await script('private', 'sh', 'echo "$0"\nstat -c %a "$0"\nstat -c %a "$(dirname "$0")"\n', { cwd: dir });
    await script('failing', 'python3', 'import sys\nprint(__file__)\nsys.exit(3)\n');
    await startWorker();
    const ok = await runToEnd('private');
    expect(ok.run.status).toBe('succeeded');
    const [path, fileMode, dirMode] = ok.stdout.trim().split('\n');
    expect([fileMode, dirMode]).toEqual(['600', '700']);
    expect(path).toMatch(/cronboard-script-[^/]+\/private\.sh$/);
    expect(existsSync(path!)).toBe(false);
    expect(existsSync(join(path!, '..'))).toBe(false);

    const bad = await runToEnd('failing');
    expect(bad.run).toMatchObject({ status: 'failed', exitCode: 3 });
    expect(existsSync(bad.stdout.trim())).toBe(false);
  });

  it('a timeout kills a child the script started, and the file is removed', async () => {
    const pidFile = join(dir, 'child.pid');
    await script('spawner', 'bash', `echo "$0"\nsleep 60 &\necho $! > ${pidFile}\nwait\n`, { timeoutSeconds: 1 });
    await startWorker();
    const { run, stdout } = await runToEnd('spawner');
    expect(run.status).toBe('timed_out');
    const child = Number(readFileSync(pidFile, 'utf8').trim());
    expect(child).toBeGreaterThan(0);
    expect(isAlive(child)).toBe(false);
    expect(existsSync(stdout.trim())).toBe(false);
  });
});

describe(`script task validation on ${provider}`, () => {
  const testDb = useTestDatabase({ app: true });
  const logger = createLogger({ name: 'test', level: 'silent' });
  const oversized = 'x'.repeat(TASK_LIMITS.scriptBytes + 1);

  it('tRPC: an unknown interpreter and an oversized body are refused, naming the field', async () => {
    const config = loadConfig({ env: { DATABASE_URL: testDb.url } });
    const ctx: Context = { actor: userActor('editor'), headers: new Headers(), app: async () => ({ config, handle: testDb.handle, logger }) };
    const create = async (input: Partial<TaskInput>) => {
      const request = new Request('http://localhost/api/trpc/tasks.create', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(superjson.serialize({ key: 'trpc-script', name: 'x', kind: 'script', schedule: 'manual', ...input })),
      });
      const response = await fetchRequestHandler({ endpoint: '/api/trpc', req: request, router: appRouter, createContext: () => ctx });
      const body = (await response.json()) as { error?: { json: { data: { fieldErrors?: Record<string, string[]> } } } };
      return { status: response.status, fieldErrors: body.error?.json.data.fieldErrors };
    };
    const ruby = await create({ scriptInterpreter: 'ruby', scriptBody: 'puts 1' });
    expect(ruby.status).toBe(400);
    expect(ruby.fieldErrors?.scriptInterpreter?.[0]).toMatch(/must be one of sh, bash, python3, node or an absolute path/);
    const big = await create({ scriptInterpreter: 'sh', scriptBody: oversized });
    expect(big.fieldErrors?.scriptBody?.[0]).toBe('must be at most 256 KiB');
    const none = await create({ scriptInterpreter: '/usr/bin/env' });
    expect(none.fieldErrors?.scriptBody?.[0]).toBe('is required for a script task');
    expect(await testDb.db.task.count({ where: { key: 'trpc-script' } })).toBe(0);
  });

  it('REST: 422 naming the field; kind inferred from scriptBody; the definition carries body and interpreter', async () => {
    const api = await restClient();
    const editor = await tokenFor(testDb.db, 'editor');
    const refused = await api.call<ApiErrorJson>('POST', '/tasks', { token: editor, body: { key: 'rest-script', name: 'x', scriptBody: 'echo', scriptInterpreter: 'perl -e' } });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.body.error.fields)).toEqual(['scriptInterpreter']);
    const created = await api.call<{ kind: string }>('POST', '/tasks', { token: editor, body: { key: 'rest-script', name: 'x', scriptBody: 'print(1)\n', scriptInterpreter: 'python3' } });
    expect(created.status).toBe(200);
    expect(created.body.kind).toBe('script');
    const got = await api.call<Record<string, unknown>>('GET', '/tasks/rest-script', { token: editor });
    expect(got.body).toMatchObject({ kind: 'script', scriptBody: 'print(1)\n', scriptInterpreter: 'python3' });
  });

  it('CLI: --script FILE --interpreter NAME creates one; a bad interpreter or a missing file exits 2 naming the flag', async () => {
    const dir = scratchDir();
    const file = join(dir, 'job.py');
    writeFileSync(file, 'print("from a file")\n');
    const cli = (...args: string[]) => runCli(args, { DATABASE_URL: testDb.url, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn' });
    const created = await cli('create', '--key', 'cli-script', '--name', 'CLI script', '--schedule', 'manual', '--script', file, '--interpreter', 'python3', '--json');
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ key: 'cli-script', kind: 'script', scriptInterpreter: 'python3' });
    const shown = await cli('show', 'cli-script', '--json');
    expect(JSON.parse(shown.stdout)).toMatchObject({ input: { scriptBody: 'print("from a file")\n', scriptInterpreter: 'python3' } });

    const bad = await cli('create', '--key', 'cli-bad', '--name', 'x', '--schedule', 'manual', '--script', file, '--interpreter', 'ruby');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--interpreter: must be one of sh, bash, python3, node/);
    const missing = await cli('create', '--key', 'cli-bad', '--name', 'x', '--schedule', 'manual', '--script', join(dir, 'nope.py'), '--interpreter', 'sh');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--script: cannot read .*nope\.py/);
    rmSync(dir, { recursive: true, force: true });
    expect(await testDb.db.task.count({ where: { key: 'cli-bad' } })).toBe(0);
  });
});
