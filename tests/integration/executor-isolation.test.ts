import { chmodSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { executeRun } from '../../worker/executor';
import type { ExecutableTask, ExecuteOptions, LogChunk } from '../../worker/executor/types';
import { resolveTaskUser } from '../../worker/task-user';

// Real /bin/sh children of this process, which plays the worker: what a shell
// task can see of the worker's environment, and who it runs as.

let root: string;
beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'cronboard-isolation-')));
  chmodSync(root, 0o755); // TASK_USER must be able to enter the run's cwd
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const logger = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn(), trace: vi.fn(), fatal: vi.fn() } as unknown as Logger;

async function shell(command: string, task: Partial<ExecutableTask> = {}, options: Partial<ExecuteOptions> = {}) {
  const chunks: LogChunk[] = [];
  const result = await executeRun({
    runId: 7,
    attempt: 1,
    task: { id: 1, key: 'iso', kind: 'shell', command, httpMethod: null, httpUrl: null, httpHeaders: null, httpBody: null, handler: null, scriptBody: null, scriptInterpreter: null, payload: { a: 1 }, cwd: null, env: null, ...task },
    timeoutMs: 10_000,
    killGraceMs: 300,
    allowedWorkdirs: [root],
    maxLogBytes: 1024 * 1024,
    signal: new AbortController().signal,
    writeLogs: async (batch) => void chunks.push(...batch),
    logger,
    ...options,
  });
  const text = (stream: string) => chunks.filter((c) => c.stream === stream).map((c) => c.data).join('');
  return { result, out: text('stdout'), err: text('stderr') };
}

/** `env -0` output as a map. */
const parseEnv = (out: string) => new Map(out.split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const));

const CANARIES: Record<string, string> = {
  DATABASE_URL: 'postgresql://cronboard:canary-db-password@db/cronboard',
  PGPASSWORD: 'canary-pg-password',
  CRONBOARD_SECRET_KEY: 'canary-secret-key',
  CRONBOARD_CONFIG: '/etc/cronboard/canary.yaml',
  AWS_SECRET_ACCESS_KEY: 'canary-aws',
  PASS_ME: 'passed-on-purpose',
  MYAPP_ONE: 'one',
  MYAPP_TWO: 'two',
  LC_TIME: 'C.UTF-8',
};

describe('a shell task starts from a clean environment', () => {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [k, v] of Object.entries(CANARIES)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('sees none of the worker variables, only the allowlist, its own env and the run variables', async () => {
    const { result, out } = await shell('env -0', { env: { GREETING: 'hello' } });
    expect(result.status).toBe('succeeded');
    const env = parseEnv(out);
    for (const secret of ['canary-db-password', 'canary-pg-password', 'canary-secret-key', 'canary-aws', 'passed-on-purpose', 'canary.yaml']) {
      expect(out).not.toContain(secret);
    }
    for (const name of ['DATABASE_URL', 'PGPASSWORD', 'CRONBOARD_SECRET_KEY', 'CRONBOARD_CONFIG', 'AWS_SECRET_ACCESS_KEY', 'PASS_ME', 'MYAPP_ONE', 'NODE_OPTIONS', 'VITEST']) {
      expect(env.has(name), name).toBe(false);
    }
    expect(env.get('PATH')).toBe(process.env.PATH);
    expect(env.get('LC_TIME')).toBe('C.UTF-8');
    expect(env.get('GREETING')).toBe('hello');
    expect(Object.fromEntries([...env].filter(([k]) => k.startsWith('CRONBOARD_')))).toEqual({
      CRONBOARD_RUN_ID: '7',
      CRONBOARD_TASK_KEY: 'iso',
      CRONBOARD_ATTEMPT: '1',
      CRONBOARD_PAYLOAD: '{"a":1}',
    });
    // Everything else is the allowlist or what the shell sets itself.
    const allowed = new Set(['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR', 'GREETING', 'PWD', 'OLDPWD', 'SHLVL', '_']);
    expect([...env.keys()].filter((k) => !allowed.has(k) && !k.startsWith('LC_') && !k.startsWith('CRONBOARD_'))).toEqual([]);
  });

  it('passes the variables TASK_ENV_PASSTHROUGH names, by name or PREFIX_*', async () => {
    const { out } = await shell('env -0', {}, { envPassthrough: ['PASS_ME', 'MYAPP_*'] });
    const env = parseEnv(out);
    expect([env.get('PASS_ME'), env.get('MYAPP_ONE'), env.get('MYAPP_TWO')]).toEqual(['passed-on-purpose', 'one', 'two']);
    expect(env.has('DATABASE_URL')).toBe(false);
  });

  it("lets the task's env override the inherited variables but not the run's", async () => {
    const { out } = await shell('printf "%s|%s" "$TZ" "$CRONBOARD_RUN_ID"', { env: { TZ: 'Europe/Paris', CRONBOARD_RUN_ID: 'forged' } });
    expect(out).toBe('Europe/Paris|7');
  });
});

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)('TASK_USER=nobody (needs root: the test process must be able to switch users)', () => {
  let dbFile: string;
  beforeAll(() => {
    dbFile = join(root, 'cronboard.db');
    const db = new Database(dbFile);
    db.exec("CREATE TABLE users (email TEXT, role TEXT); INSERT INTO users VALUES ('op@example.com', 'operator')");
    db.close();
    chmodSync(dbFile, 0o600);
  });

  it('runs as nobody, whose escalation through /proc/$PPID/environ and the database file fails', async () => {
    const runAs = resolveTaskUser({ taskUser: 'nobody' });
    expect(runAs).toMatchObject({ user: 'nobody', uid: 65534 });
    process.env.DATABASE_URL = `file:${dbFile}`;
    try {
      const { result, out, err } = await shell(
        `id -un; echo "home=$HOME"; cat /proc/$PPID/environ && echo READ-ENVIRON; cat ${dbFile} >/dev/null && echo READ-DB; echo "UPDATE users SET role='admin'" >> ${dbFile} && echo WROTE-DB; true`,
        {},
        { runAs },
      );
      expect(result.status).toBe('succeeded');
      expect(out.split('\n').slice(0, 2)).toEqual(['nobody', `home=${runAs!.home}`]);
      expect(out).not.toMatch(/READ-ENVIRON|READ-DB|WROTE-DB/);
      expect(out).not.toContain('DATABASE_URL=');
      expect(err).toMatch(new RegExp(`/proc/\\d+/environ: Permission denied`));
      expect(err).toContain(`${dbFile}: Permission denied`);
    } finally {
      delete process.env.DATABASE_URL;
    }
  });
});
