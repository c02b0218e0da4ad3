import { execFileSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { executeRun } from '../../worker/executor';
import type { ExecutableTask, ExecuteOptions, ExecutionResult, LogChunk } from '../../worker/executor/types';
import { registerHandler } from '../../worker/handlers';

// Real child processes and a real HTTP server on 127.0.0.1; no database (the
// executor reports through callbacks). Short limits keep the suite fast.
const TIMEOUT_MS = 1000;
const GRACE_MS = 300;

let root: string;
beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'cronboard-executor-')));
  mkdirSync(join(root, 'jobs'));
  writeFileSync(join(root, 'jobs', 'file-not-executable'), 'echo hi\n', { mode: 0o644 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fakeLogger() {
  const logger = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn(), trace: vi.fn(), fatal: vi.fn() };
  return { logger, asPino: logger as unknown as Logger };
}

interface Ran {
  result: ExecutionResult;
  chunks: LogChunk[];
  out: string;
  err: string;
  system: string[];
  logger: ReturnType<typeof fakeLogger>['logger'];
  elapsedMs: number;
}

async function run(task: Partial<ExecutableTask>, options: Partial<ExecuteOptions> = {}): Promise<Ran> {
  const chunks: LogChunk[] = [];
  const { logger, asPino } = fakeLogger();
  const started = Date.now();
  const result = await executeRun({
    runId: 42,
    attempt: 2,
    task: {
      id: 1,
      key: 'test-task',
      kind: 'shell',
      command: null,
      httpMethod: null,
      httpUrl: null,
      httpHeaders: null,
      httpBody: null,
      handler: null,
      scriptBody: null,
      scriptInterpreter: null,
      payload: null,
      cwd: null,
      env: null,
      ...task,
    },
    timeoutMs: TIMEOUT_MS,
    killGraceMs: GRACE_MS,
    allowedWorkdirs: [root],
    maxLogBytes: 1024 * 1024,
    signal: new AbortController().signal,
    writeLogs: async (batch) => {
      chunks.push(...batch);
    },
    logger: asPino,
    ...options,
  });
  const text = (stream: string) =>
    chunks
      .filter((c) => c.stream === stream)
      .map((c) => c.data)
      .join('');
  return {
    result,
    chunks,
    out: text('stdout'),
    err: text('stderr'),
    system: chunks.filter((c) => c.stream === 'system').map((c) => c.data),
    logger,
    elapsedMs: Date.now() - started,
  };
}

const shell = (command: string, task: Partial<ExecutableTask> = {}, options: Partial<ExecuteOptions> = {}) =>
  run({ kind: 'shell', command, ...task }, options);

/** Live (non-zombie) processes among `pids`; zombies count as dead: this container's init does not reap orphans. */
function alive(pids: number[]): number[] {
  return pids.filter((pid) => {
    try {
      const stat = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
      return stat !== '' && !stat.startsWith('Z');
    } catch {
      return false; // ps exits 1 when there is no such process
    }
  });
}

/** Live processes of a process group (by pgid: `ps -g` would select by session). */
function liveInGroup(pgid: number): string[] {
  const out = execFileSync('ps', ['-A', '-o', 'pid=,pgid=,stat='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, group, stat]) => Number(group) === pgid && stat !== undefined && !stat.startsWith('Z'))
    .map(([pid]) => pid ?? '');
}

const pidsIn = (text: string) => text.split(/\s+/).filter(Boolean).map(Number);

describe('shell tasks', () => {
  it('succeeds, with its output in order between a start and an end line', async () => {
    const { result, chunks, out, err } = await shell('echo one; sleep 0.05; echo two >&2; sleep 0.05; echo three');
    expect(result).toMatchObject({ status: 'succeeded', exitCode: 0, signal: null, error: null, result: null, logTruncated: false });
    expect(result.logBytes).toBe('one\ntwo\nthree\n'.length);
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i + 1));
    expect(chunks.map((c) => [c.stream, c.data])).toEqual([
      ['system', '$ echo one; sleep 0.05; echo two >&2; sleep 0.05; echo three'],
      ['stdout', 'one\n'],
      ['stderr', 'two\n'],
      ['stdout', 'three\n'],
      ['system', expect.stringMatching(/^exit code 0 in \d+\.\d\d s$/)],
    ]);
    expect(out).toBe('one\nthree\n');
    expect(err).toBe('two\n');
  });

  it('batches a lot of output into few chunks, nothing lost', async () => {
    const { result, chunks, out } = await shell('seq 1 50000');
    expect(result.status).toBe('succeeded');
    expect(out).toBe(Array.from({ length: 50000 }, (_, i) => `${i + 1}\n`).join(''));
    expect(chunks.length).toBeLessThan(40); // ~290 KB in 16 KiB batches, not one chunk per read
  });

  it('fails with the exit code', async () => {
    const { result, system } = await shell('echo doing; exit 3');
    expect(result).toMatchObject({ status: 'failed', exitCode: 3, signal: null, error: 'exit code 3' });
    expect(system.at(-1)).toMatch(/^exit code 3 in /);
  });

  it('names a command that is not found, and keeps the shell message in the log', async () => {
    const { result, err } = await shell('definitely-not-a-command-xyz --flag');
    expect(result).toMatchObject({ status: 'failed', exitCode: 127, error: 'command not found: definitely-not-a-command-xyz (exit code 127)' });
    expect(err).toMatch(/definitely-not-a-command-xyz: .*not found/);
  });

  it('does not blame a missing command for an exit code the command chose', async () => {
    expect((await shell('exit 127')).result.error).toBe('exit code 127 (usually: command not found)');
    expect((await shell('exit 137')).result.error).toBe('exit code 137 (SIGKILL)');
  });

  it('names a file that cannot be executed', async () => {
    const { result } = await shell('./file-not-executable', { cwd: join(root, 'jobs') });
    expect(result).toMatchObject({ status: 'failed', exitCode: 126, error: 'command not executable: ./file-not-executable (exit code 126)' });
  });

  it('fails with the signal when the command is killed by something else', async () => {
    const { result } = await shell('kill -SEGV $$');
    expect(result).toMatchObject({ status: 'failed', exitCode: null, signal: 'SIGSEGV', error: 'killed by SIGSEGV' });
  });

  it('passes the run environment, the task env and PATH from the worker', async () => {
    const { result, out } = await shell('printf "%s|%s|%s|%s|%s|%s" "$CRONBOARD_RUN_ID" "$CRONBOARD_TASK_KEY" "$CRONBOARD_ATTEMPT" "$CRONBOARD_PAYLOAD" "$GREETING" "${PATH:+has-path}"', {
      env: { GREETING: 'hello world' },
      payload: { day: 'monday', n: 1 },
    });
    expect(result.status).toBe('succeeded');
    expect(out).toBe('42|test-task|2|{"day":"monday","n":1}|hello world|has-path');
  });

  it('ignores stdin', async () => {
    const { result, out } = await shell('cat; echo done');
    expect(result.status).toBe('succeeded');
    expect(out).toBe('done\n');
  });

  it('runs in the first allowed root by default, and in an allowed cwd', async () => {
    expect((await shell('pwd')).out).toBe(`${root}\n`);
    expect((await shell('pwd', { cwd: join(root, 'jobs') })).out).toBe(`${join(root, 'jobs')}\n`);
    expect((await shell('pwd', { cwd: 'jobs' })).out).toBe(`${join(root, 'jobs')}\n`);
  });

  it('refuses a cwd outside the allowed roots, or missing, without starting anything', async () => {
    const marker = join(root, 'should-not-exist');
    const outside = await shell(`touch ${marker}`, { cwd: '/etc' });
    expect(outside.result).toMatchObject({ status: 'failed', exitCode: null, error: `working directory /etc is outside the allowed roots (${root})` });
    const missing = await shell(`touch ${marker}`, { cwd: join(root, 'nope') });
    expect(missing.result).toMatchObject({ status: 'failed', error: `working directory ${join(root, 'nope')} does not exist` });
    expect(existsSync(marker)).toBe(false);
    expect(outside.system.at(-1)).toMatch(/^failed: working directory \/etc is outside/);
  });

  it('caps stored output with one marker and still counts every byte', async () => {
    const { result, out, system } = await shell("head -c 5000 /dev/zero | tr '\\0' a; echo tail >&2", {}, { maxLogBytes: 1000 });
    expect(result).toMatchObject({ status: 'succeeded', logBytes: 5005, logTruncated: true });
    expect(out).toBe('a'.repeat(1000));
    expect(system.filter((line) => line.startsWith('[output truncated'))).toEqual(['[output truncated after 1000 bytes]']);
  });

  it('stops what the shell left running in its group when it exits', async () => {
    const { result, out, system } = await shell('sleep 100 & echo $!');
    expect(result.status).toBe('succeeded');
    expect(alive(pidsIn(out))).toEqual([]);
    expect(system).toContain('the shell exited but left processes in its process group: stopping them');
  });
});

describe('shell timeout and cancel', () => {
  it('kills the whole process tree on timeout', async () => {
    const { result, out, elapsedMs } = await shell('echo $$; sleep 100 & echo $!; sleep 100 & echo $!; wait');
    const [pgid, ...children] = pidsIn(out);
    expect(result).toMatchObject({ status: 'timed_out', error: 'timed out after 1 s', signal: 'SIGTERM' });
    expect(children).toHaveLength(2);
    expect(alive([pgid!, ...children])).toEqual([]);
    expect(liveInGroup(pgid!)).toEqual([]);
    expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS + GRACE_MS); // all of them obeyed SIGTERM: no grace period used
  });

  it('sends SIGKILL after the grace period to a group that ignores SIGTERM', async () => {
    const { result, out, system, elapsedMs } = await shell("trap '' TERM; echo $$; sleep 100 & echo $!; sh -c 'sleep 100' & echo $!; wait");
    const [pgid, ...children] = pidsIn(out);
    expect(result).toMatchObject({ status: 'timed_out', signal: 'SIGKILL', error: 'timed out after 1 s' });
    expect(children).toHaveLength(2);
    expect(alive([pgid!, ...children])).toEqual([]);
    expect(liveInGroup(pgid!)).toEqual([]);
    expect(system).toContain('the process group was still running 0.3 s after SIGTERM: sent SIGKILL');
    expect(system.at(-1)).toMatch(/^timed out after 1 s \(killed by SIGKILL\), ended after 1\.\d\d s$/);
    expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS + GRACE_MS - 20);
  });

  it('cancels on the loop signal (reason "cancel") and kills the group', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort('cancel'), 300);
    const { result, out, elapsedMs } = await shell('echo $$; sleep 100 & echo $!; wait', {}, { signal: controller.signal, timeoutMs: 10_000 });
    expect(result).toMatchObject({ status: 'cancelled', error: 'cancelled', signal: 'SIGTERM' });
    expect(alive(pidsIn(out))).toEqual([]);
    expect(elapsedMs).toBeLessThan(2000);
  });

  it('ends cancelled on shutdown too', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort('shutdown'), 200);
    const { result } = await shell('sleep 100', {}, { signal: controller.signal, timeoutMs: 10_000 });
    expect(result).toMatchObject({ status: 'cancelled', error: 'cancelled (worker shutting down)' });
  });

  it('starts nothing when the run is cancelled before it starts', async () => {
    const controller = new AbortController();
    controller.abort('cancel');
    const marker = join(root, 'cancelled-marker');
    const { result } = await shell(`touch ${marker}`, {}, { signal: controller.signal });
    expect(result).toMatchObject({ status: 'cancelled', error: 'cancelled' });
    expect(existsSync(marker)).toBe(false);
  });
});

describe('http tasks', () => {
  let server: Server;
  let base: string;
  const requests: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (data: Buffer) => (body += data.toString()));
      req.on('end', () => {
        requests.push({ method: req.method, url: req.url, headers: req.headers, body });
        if (req.url === '/ok') res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': 'secret=1' }).end('all good\n');
        else if (req.url === '/fail') res.writeHead(500).end('boom');
        else if (req.url === '/big') res.writeHead(200).end('x'.repeat(100 * 1024));
        else if (req.url === '/hang') res.flushHeaders(); // never answers
        else if (req.url === '/hang-body') res.writeHead(200).write('partial'); // never ends
        else res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const http = (task: Partial<ExecutableTask>, options: Partial<ExecuteOptions> = {}) => run({ kind: 'http', ...task }, options);

  it('succeeds on 2xx, logs the status line and the body', async () => {
    const { result, out, system } = await http({
      httpMethod: 'post',
      httpUrl: `${base}/ok`,
      httpHeaders: { 'x-cronboard': 'yes', 'content-type': 'application/json' },
      httpBody: '{"a":1}',
    });
    expect(result).toMatchObject({ status: 'succeeded', error: null, exitCode: null });
    expect(result.result).toMatchObject({ status: 200, statusText: 'OK', headers: { 'content-type': 'text/plain' } });
    expect(result.result).not.toHaveProperty('headers.set-cookie');
    expect(out).toBe('all good\n');
    expect(system[0]).toBe(`POST ${base}/ok`);
    expect(system[1]).toMatch(/^HTTP 200 OK in \d+ ms$/);
    expect(requests.at(-1)).toMatchObject({ method: 'POST', body: '{"a":1}', headers: { 'x-cronboard': 'yes' } });
  });

  it('defaults to GET', async () => {
    const { result, system } = await http({ httpUrl: `${base}/ok` });
    expect(result.status).toBe('succeeded');
    expect(system[0]).toBe(`GET ${base}/ok`);
    expect(requests.at(-1)?.method).toBe('GET');
  });

  it('fails on a non-2xx status, with the body in the log', async () => {
    const { result, out } = await http({ httpUrl: `${base}/fail` });
    expect(result).toMatchObject({ status: 'failed', error: 'HTTP 500 Internal Server Error', result: { status: 500 } });
    expect(out).toBe('boom');
  });

  it('logs at most 64 KiB of the body and says so', async () => {
    const { result, out, system } = await http({ httpUrl: `${base}/big` });
    expect(result.status).toBe('succeeded');
    expect(out).toHaveLength(64 * 1024);
    expect(system).toContain('[response body cut after 65536 bytes]');
  });

  it('fails with the network error when the connection is refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { result } = await http({ httpUrl: `http://127.0.0.1:${port}/` });
    expect(result).toMatchObject({ status: 'failed', error: `connect ECONNREFUSED 127.0.0.1:${port}` });
  });

  it('fails on an invalid URL without a request', async () => {
    const { result } = await http({ httpUrl: 'not a url' });
    expect(result).toMatchObject({ status: 'failed', error: 'invalid URL: not a url' });
  });

  it('times out waiting for the response, and while reading the body', async () => {
    const headers = await http({ httpUrl: `${base}/hang` }, { timeoutMs: 400 });
    expect(headers.result).toMatchObject({ status: 'timed_out', error: 'timed out after 0.4 s' });
    const body = await http({ httpUrl: `${base}/hang-body` }, { timeoutMs: 400 });
    expect(body.result).toMatchObject({ status: 'timed_out', error: 'timed out after 0.4 s' });
  });

  it('cancels an HTTP request', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort('cancel'), 100);
    const { result, elapsedMs } = await http({ httpUrl: `${base}/hang` }, { signal: controller.signal, timeoutMs: 10_000 });
    expect(result).toMatchObject({ status: 'cancelled', error: 'cancelled' });
    expect(elapsedMs).toBeLessThan(2000);
  });

  it('the built-in http handler calls a URL and fails on non-2xx', async () => {
    const ok = await run({ kind: 'handler', handler: 'http', payload: { url: `${base}/ok`, method: 'PUT', body: { b: 2 } } });
    expect(ok.result).toMatchObject({ status: 'succeeded', result: { status: 200 } });
    expect(ok.out).toBe(`PUT ${base}/ok → HTTP 200 OK\n`);
    expect(requests.at(-1)).toMatchObject({ method: 'PUT', body: '{"b":2}', headers: { 'content-type': 'application/json' } });
    const failed = await run({ kind: 'handler', handler: 'http', payload: { url: `${base}/fail` } });
    expect(failed.result).toMatchObject({ status: 'failed', error: 'HTTP 500 Internal Server Error' });
  });
});

describe('handler tasks', () => {
  beforeAll(() => {
    registerHandler('test.throws', () => {
      throw new Error('the report server said no');
    });
    registerHandler('test.bigint', () => ({ total: 10n }));
    registerHandler('test.circular', () => {
      const value: Record<string, unknown> = {};
      value.self = value;
      return value;
    });
    registerHandler('test.context', async (ctx) => {
      ctx.logger.info('starting');
      ctx.logger.warn('careful');
      ctx.logger.error('oops');
      return { payload: ctx.payload, attempt: ctx.attempt, runId: ctx.runId, taskKey: ctx.taskKey, when: new Date(0) };
    });
    registerHandler('test.deaf', () => new Promise((resolve) => setTimeout(resolve, 3000))); // ignores the signal
  });

  const handler = (name: string, payload: unknown = null, options: Partial<ExecuteOptions> = {}) =>
    run({ kind: 'handler', handler: name, payload }, options);

  it('noop succeeds with {ok: true}', async () => {
    const { result, system } = await handler('noop');
    expect(result).toMatchObject({ status: 'succeeded', result: { ok: true }, error: null });
    expect(system[0]).toBe('handler noop');
    expect(system.at(-1)).toMatch(/^succeeded in \d+\.\d\d s$/);
  });

  it('passes payload, attempt, run id and task key; logger lines go to stdout and stderr; result is stored as JSON', async () => {
    const { result, out, err } = await handler('test.context', { to: 'ops' });
    expect(result).toMatchObject({
      status: 'succeeded',
      result: { payload: { to: 'ops' }, attempt: 2, runId: 42, taskKey: 'test-task', when: '1970-01-01T00:00:00.000Z' },
    });
    expect(out).toBe('starting\n');
    expect(err).toBe('careful\noops\n');
  });

  it('sleep sleeps, and stops at once on cancel', async () => {
    const slept = await handler('sleep', { ms: 50 });
    expect(slept.result).toMatchObject({ status: 'succeeded', result: { sleptMs: 50 } });

    const controller = new AbortController();
    setTimeout(() => controller.abort('cancel'), 100);
    const cancelled = await handler('sleep', { seconds: 30 }, { signal: controller.signal, timeoutMs: 60_000 });
    expect(cancelled.result).toMatchObject({ status: 'cancelled', error: 'cancelled' });
    expect(cancelled.elapsedMs).toBeLessThan(1000);
    expect(cancelled.system.some((line) => line.includes('no longer waiting'))).toBe(false);
  });

  it('sleep times out', async () => {
    const { result } = await handler('sleep', { seconds: 30 }, { timeoutMs: 200 });
    expect(result).toMatchObject({ status: 'timed_out', error: 'timed out after 0.2 s' });
  });

  it('a handler that ignores the signal still ends the run on time, with a warning', async () => {
    const { result, system, logger, elapsedMs } = await handler('test.deaf', null, { timeoutMs: 200 });
    expect(result).toMatchObject({ status: 'timed_out', error: 'timed out after 0.2 s' });
    expect(elapsedMs).toBeLessThan(200 + GRACE_MS + 300);
    expect(system).toContain('the handler did not stop within 0.3 s of the abort; no longer waiting for it');
    expect(logger.warn).toHaveBeenCalled();
  });

  it('fails on an unknown handler, listing the registered ones', async () => {
    const { result } = await handler('nope');
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/^unknown handler 'nope' \(registered: .*http, noop, sleep.*\)$/);
  });

  it('fails with the message of a throwing handler; the stack goes to stderr', async () => {
    const { result, err } = await handler('test.throws');
    expect(result).toMatchObject({ status: 'failed', error: 'the report server said no', result: null });
    expect(err).toMatch(/^Error: the report server said no\n\s+at /);
  });

  it('fails when the result is not JSON', async () => {
    const big = await handler('test.bigint');
    expect(big.result).toMatchObject({ status: 'failed', result: null });
    expect(big.result.error).toMatch(/^handler result is not JSON: .*BigInt/);
    const circular = await handler('test.circular');
    expect(circular.result.error).toMatch(/^handler result is not JSON: .*circular/i);
  });

  it('a bad payload for a built-in fails the run with a readable error', async () => {
    const { result } = await handler('sleep', { minutes: 1 });
    expect(result).toMatchObject({ status: 'failed', error: 'sleep: the payload needs "ms" or "seconds", a number ≥ 0' });
  });
});

describe('executeRun never rejects', () => {
  it('leaves no listener on the loop signal, which may outlive many runs', async () => {
    const controller = new AbortController();
    await shell('echo hi', {}, { signal: controller.signal });
    await shell('sleep 5', {}, { signal: controller.signal, timeoutMs: 100 });
    await run({ kind: 'handler', handler: 'noop' }, { signal: controller.signal });
    await run({ kind: 'handler', handler: 'sleep', payload: { ms: 5000 } }, { signal: controller.signal, timeoutMs: 100 });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('a failing writeLogs is retried, logged, and the run still ends', async () => {
    const { result, logger } = await shell('echo hi', {}, {
      writeLogs: async () => {
        throw new Error('database is locked');
      },
    });
    expect(result).toMatchObject({ status: 'succeeded', exitCode: 0, logBytes: 3 });
    expect(logger.error).toHaveBeenCalled();
  });

  it('an unknown kind or a missing command is a failed result', async () => {
    const odd = await run({ kind: 'ftp' as ExecutableTask['kind'] });
    expect(odd.result).toMatchObject({ status: 'failed', error: "unknown task kind 'ftp'" });
    const empty = await shell('  ');
    expect(empty.result).toMatchObject({ status: 'failed', error: 'shell task has no command' });
  });
});
