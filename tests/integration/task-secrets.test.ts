// Secret env entries and HTTP headers (issue 18 item 4) and the per-field
// checks at save time (item 7) against a real database: stored encrypted,
// never returned to a client (tRPC as a viewer, the CLI), kept when a form is
// saved without replacing them, masked in a real shell run's stored output,
// and refused without a key; a cwd outside ALLOWED_WORKDIRS refused with the
// field named by tRPC and by the CLI.
import { randomBytes } from 'node:crypto';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor, type Role } from '../../server/auth/actor';
import { loadConfig, type Config } from '../../server/config';
import type { Db } from '../../server/db';
import { createLogger } from '../../server/lib/logger';
import { queueRuns } from '../../server/queue/queue-runs';
import { decryptSecret, parseSecretKey } from '../../server/secrets/crypto';
import { encryptPlainSecrets } from '../../server/secrets/encrypt-plain-secrets';
import { requireSecretKeyForStoredSecrets } from '../../server/secrets/require-key';
import { createTask } from '../../server/tasks/create-task';
import type { Context } from '../../server/trpc/context';
import { appRouter } from '../../server/trpc/routers/_app';
import type { CronboardWorker } from '../../worker/worker';
import { runCli } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, scratchDir, testConfig, waitForRunToFinish } from './helpers/worker-harness';

const provider = testProvider();
const KEY_TEXT = randomBytes(32).toString('base64');
const KEY = parseSecretKey(KEY_TEXT)!;
const API_KEY = 'sk-live-7f3a9c1e5b';
const BEARER = 'Bearer tok_4d2e8a6b0c';
const as = (role: Role): Actor => ({ type: 'user', id: role, name: role, role });

type TrpcError = { message: string; data: { code: string; fieldErrors: Record<string, string[]> | null } };

describe(`task secrets and save-time checks on ${provider}`, () => {
  const t = useTestDatabase();
  let db: Db;
  beforeAll(() => {
    db = t.db;
  });
  let worker: CronboardWorker | undefined;
  const logger = createLogger({ name: 'test', level: 'silent' });
  beforeEach(async () => {
    await db.task.deleteMany({});
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });

  async function call(path: string, input: unknown, role: Role, config: Partial<Config> = {}) {
    const full: Config = {
      ...loadConfig({ env: { DATABASE_URL: t.url } }),
      timezone: 'UTC',
      allowedWorkdirs: ['/srv/jobs'],
      secretKey: KEY_TEXT,
      ...config,
    };
    const ctx: Context = { actor: as(role), headers: new Headers(), app: async () => ({ config: full, handle: t.handle, logger }) };
    const body = JSON.stringify(superjson.serialize(input));
    const req =
      role === 'viewer' && !path.includes('create')
        ? new Request(`http://localhost/api/trpc/${path}?input=${encodeURIComponent(body)}`)
        : new Request(`http://localhost/api/trpc/${path}`, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json' },
          });
    const response = await fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: () => ctx });
    const text = await response.text();
    const parsed = JSON.parse(text) as {
      result?: { data: Parameters<typeof superjson.deserialize>[0] };
      error?: { json: TrpcError };
    };
    return {
      status: response.status,
      text,
      data: parsed.result ? superjson.deserialize<Record<string, unknown>>(parsed.result.data) : undefined,
      error: parsed.error?.json,
    };
  }

  const httpTask = {
    key: 'hook',
    name: 'Hook',
    kind: 'http',
    httpUrl: 'https://example.com/hook',
    httpHeaders: { Authorization: BEARER, 'Content-Type': 'application/json' },
    env: { API_KEY, LOG_LEVEL: 'info', KEYBOARD: { value: 'us', secret: false } },
  };

  it('stores secrets encrypted, and a viewer (tRPC detail, its raw JSON) never receives a secret value', async () => {
    expect((await call('tasks.create', httpTask, 'editor')).status).toBe(200);
    const row = await db.task.findUniqueOrThrow({ where: { key: 'hook' } });
    const rowText = JSON.stringify([row.env, row.httpHeaders]);
    expect(rowText).not.toContain(API_KEY);
    expect(rowText).not.toContain('tok_4d2e8a6b0c');
    const env = row.env as Record<string, string>;
    expect(env.API_KEY).toMatch(/^enc:v1:/);
    expect(decryptSecret(env.API_KEY!, KEY)).toEqual({ ok: true, value: API_KEY });
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.KEYBOARD).toBe('us'); // unmarked: stays plain

    for (const path of ['tasks.detail', 'tasks.get', 'tasks.list']) {
      const read = await call(path, path === 'tasks.list' ? undefined : { key: 'hook' }, 'viewer');
      expect(read.status, path).toBe(200);
      expect(read.text, path).not.toContain(API_KEY);
      expect(read.text, path).not.toContain('tok_4d2e8a6b0c');
      expect(read.text, path).not.toContain('enc:v1:');
    }
    const detail = await call('tasks.detail', { key: 'hook' }, 'viewer');
    expect(detail.data?.input).toMatchObject({
      env: { API_KEY: { secret: true }, LOG_LEVEL: 'info', KEYBOARD: { value: 'us', secret: false } },
      httpHeaders: { Authorization: { secret: true }, 'Content-Type': 'application/json' },
    });
  });

  it('saving the form as it was read keeps the stored secrets; a replaced one changes; an unchanged one is no change', async () => {
    await call('tasks.create', httpTask, 'editor');
    const before = await db.task.findUniqueOrThrow({ where: { key: 'hook' } });
    const detail = (await call('tasks.detail', { key: 'hook' }, 'viewer')).data as {
      version: number;
      input: Record<string, unknown>;
    };
    const saved = await call(
      'tasks.update',
      { key: 'hook', expectedVersion: detail.version, input: { ...detail.input, name: 'Hook 2' } },
      'editor',
    );
    expect(saved.status, saved.error?.message).toBe(200);
    const kept = await db.task.findUniqueOrThrow({ where: { key: 'hook' } });
    expect(kept.env).toEqual(before.env);
    expect(kept.httpHeaders).toEqual(before.httpHeaders);
    const event = await db.event.findFirstOrThrow({ where: { type: 'task.updated', taskKey: 'hook' }, orderBy: { id: 'desc' } });
    expect(event.payload).toMatchObject({ changed: ['name'] });

    const input = { ...detail.input, env: { ...(detail.input.env as object), API_KEY: { value: 'sk-new-value', secret: true } } };
    await call('tasks.update', { key: 'hook', expectedVersion: detail.version + 1, input }, 'editor');
    const replaced = await db.task.findUniqueOrThrow({ where: { key: 'hook' } });
    expect(decryptSecret((replaced.env as Record<string, string>).API_KEY!, KEY)).toEqual({ ok: true, value: 'sk-new-value' });
    expect(replaced.httpHeaders).toEqual(before.httpHeaders);

    // The copy keeps the secret (still encrypted) without it ever leaving the server.
    const copy = await call('tasks.duplicate', { key: 'hook' }, 'editor');
    expect(copy.status).toBe(200);
    const copied = await db.task.findUniqueOrThrow({ where: { key: 'hook-copy' } });
    expect(decryptSecret((copied.env as Record<string, string>).API_KEY!, KEY)).toEqual({ ok: true, value: 'sk-new-value' });
  });

  it('without CRONBOARD_SECRET_KEY a secret cannot be saved (the message says how to make a key), and start-up refuses stored secrets', async () => {
    const refused = await call('tasks.create', httpTask, 'editor', { secretKey: undefined });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.error?.data.fieldErrors?.['env.API_KEY']?.[0]).toMatch(/CRONBOARD_SECRET_KEY.*openssl rand -base64 32/);
    expect(refused.error?.data.fieldErrors?.['httpHeaders.Authorization']?.[0]).toMatch(/is secret and cannot be stored/);
    expect(await db.task.count()).toBe(0);
    // Nothing secret: no key needed, to save or to start.
    const plain = { ...httpTask, env: { LOG_LEVEL: 'info' }, httpHeaders: { Authorization: { value: 'public', secret: false } } };
    expect((await call('tasks.create', plain, 'editor', { secretKey: undefined })).status).toBe(200);
    await expect(requireSecretKeyForStoredSecrets({ db })).resolves.toBeUndefined();

    await call('tasks.create', { ...httpTask, key: 'with-secret' }, 'editor');
    await expect(requireSecretKeyForStoredSecrets({ db })).rejects.toThrow(
      /CRONBOARD_SECRET_KEY is not set, but tasks hold encrypted secrets \(task 'with-secret'/,
    );
    await expect(requireSecretKeyForStoredSecrets({ db, secretKey: KEY_TEXT })).resolves.toBeUndefined();
    const cli = await runCli(['list'], { DATABASE_URL: t.url, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn' });
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toMatch(/CRONBOARD_SECRET_KEY is not set/);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  }, 180_000);

  it('refuses a cwd outside ALLOWED_WORKDIRS and per-field limits when saved, naming the field (tRPC and CLI)', async () => {
    const shell = { key: 'cwd-task', name: 'Cwd', kind: 'shell', command: 'pwd' };
    const outside = await call('tasks.create', { ...shell, cwd: '/etc' }, 'editor');
    expect(outside.status).toBe(400);
    expect(outside.error?.data.fieldErrors?.cwd?.[0]).toBe(
      '/etc is outside the allowed working directories (ALLOWED_WORKDIRS: /srv/jobs)',
    );
    expect((await call('tasks.create', { ...shell, cwd: '/srv/jobs/nightly' }, 'editor')).status).toBe(200);

    const big = await call('tasks.create', { ...shell, key: 'big', command: 'x'.repeat(64 * 1024 + 1) }, 'editor');
    expect(big.error?.data.fieldErrors?.command?.[0]).toBe('must be at most 64 KiB');
    const header = await call(
      'tasks.create',
      { ...httpTask, key: 'crlf', httpHeaders: { 'X-A': 'a\r\nSet-Cookie: x' } },
      'editor',
    );
    expect(header.error?.data.fieldErrors?.['httpHeaders.X-A']?.[0]).toBe('value must not contain a line break (CR or LF)');
    const env = await call('tasks.create', { ...shell, key: 'env', env: { 'BAD-NAME': 'x' } }, 'editor');
    expect(env.error?.data.fieldErrors?.['env.BAD-NAME']?.[0]).toMatch(/is not a valid variable name/);

    const dir = scratchDir();
    const cli = await runCli(
      ['create', '--key', 'c', '--name', 'C', '--command', 'pwd', '--schedule', 'manual', '--cwd', '/etc'],
      {
        DATABASE_URL: t.url,
        CRONBOARD_DEMO: 'false',
        LOG_LEVEL: 'warn',
        ALLOWED_WORKDIRS: dir,
      },
    );
    expect(cli.code).toBe(2);
    expect(cli.stderr.trim()).toBe(
      `cronboard: --cwd: /etc is outside the allowed working directories (ALLOWED_WORKDIRS: ${dir})`,
    );
  }, 180_000);

  it('values saved in plain text before secrets existed are encrypted once at start-up (with a key; without one, a warning)', async () => {
    await db.setting.deleteMany({});
    await db.task.create({
      data: {
        key: 'legacy',
        name: 'Legacy',
        kind: 'shell',
        command: 'true',
        timezone: 'UTC',
        env: { API_KEY: 'legacy-plain', LOG_LEVEL: 'info' },
      },
    });
    const warnings: string[] = [];
    const log = { info: () => undefined, warn: (_: unknown, message: string) => void warnings.push(message) };
    expect(await encryptPlainSecrets({ db, key: null, logger: log })).toBe(0);
    expect(warnings[0]).toMatch(
      /1 task\(s\) hold plain env values or headers under secret-looking names; set CRONBOARD_SECRET_KEY/,
    );
    expect((await db.task.findUniqueOrThrow({ where: { key: 'legacy' } })).env).toEqual({
      API_KEY: 'legacy-plain',
      LOG_LEVEL: 'info',
    });

    expect(await encryptPlainSecrets({ db, key: KEY, logger: log })).toBe(1);
    const env = (await db.task.findUniqueOrThrow({ where: { key: 'legacy' } })).env as Record<string, string>;
    expect(decryptSecret(env.API_KEY!, KEY)).toEqual({ ok: true, value: 'legacy-plain' });
    expect(env.LOG_LEVEL).toBe('info');
    const detail = await call('tasks.detail', { key: 'legacy' }, 'viewer');
    expect(detail.text).not.toContain('legacy-plain');

    // Once only: a value a user later leaves unmarked stays plain.
    await call(
      'tasks.create',
      { key: 'unmarked', name: 'Unmarked', kind: 'shell', command: 'true', env: { KEYBOARD: { value: 'us', secret: false } } },
      'editor',
    );
    expect(await encryptPlainSecrets({ db, key: KEY, logger: log })).toBe(0);
    expect((await db.task.findUniqueOrThrow({ where: { key: 'unmarked' } })).env).toEqual({ KEYBOARD: 'us' });
  });

  it('create and update store the same columns for the same input (one mapping): no fields of another kind, empty entries as NULL', async () => {
    const input = {
      name: 'Same',
      kind: 'shell',
      command: 'true',
      httpUrl: 'https://example.com/',
      httpHeaders: { 'X-A': '1' },
      env: {},
      payload: { a: 1 },
    };
    const columns = (row: Record<string, unknown>) => {
      const { id: _id, key: _key, createdAt: _c, updatedAt: _u, version: _v, position: _p, scheduleAnchorAt: _s, ...rest } = row;
      return rest;
    };
    expect((await call('tasks.create', { ...input, key: 'created' }, 'editor')).status).toBe(200);
    await call(
      'tasks.create',
      {
        key: 'updated',
        name: 'Other',
        kind: 'http',
        httpUrl: 'https://example.org/',
        httpHeaders: { 'X-B': '2' },
        env: { A: '1' },
      },
      'editor',
    );
    const saved = await call(
      'tasks.update',
      { key: 'updated', expectedVersion: 1, input: { ...input, key: 'updated' } },
      'editor',
    );
    expect(saved.status, saved.text).toBe(200);
    const created = await db.task.findUniqueOrThrow({ where: { key: 'created' } });
    const updated = await db.task.findUniqueOrThrow({ where: { key: 'updated' } });
    expect(columns(updated)).toEqual(columns(created));
    expect(created).toMatchObject({ httpUrl: null, httpHeaders: null, httpMethod: null, env: null, payload: { a: 1 } });
  });

  it('a real shell run that prints its secret (plain, base64, URL-encoded, split across writes) stores *** instead', async () => {
    const dir = scratchDir();
    const secret = 'hunter2 s3cret/+value';
    await createTask({
      db,
      input: {
        key: 'echo-secret',
        name: 'Echo secret',
        kind: 'shell',
        schedule: 'manual',
        cwd: dir,
        env: { DB_PASSWORD: secret },
        command:
          'echo "plain=$DB_PASSWORD"; printf %s "$DB_PASSWORD" | base64; node -e \'process.stdout.write("url="+encodeURIComponent(process.env.DB_PASSWORD)+"\\n")\'; printf split=; printf %s "$DB_PASSWORD" | head -c 10; sleep 0.3; printf %s "$DB_PASSWORD" | tail -c +11; echo; echo "err=$DB_PASSWORD" >&2',
      },
      actor: SYSTEM_ACTOR,
      source: 'cli',
      defaultTimezone: 'UTC',
      secretKey: KEY,
    });
    const [runId] = await queueRuns({ db, task: { key: 'echo-secret' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    worker = inProcessWorker(db, testConfig(t.url, { allowedWorkdirs: [dir], secretKey: KEY_TEXT }));
    await worker.start();
    const run = await waitForRunToFinish(db, runId!);
    expect(run.status, run.error ?? '').toBe('succeeded');
    const logs = (await db.runLog.findMany({ where: { runId }, orderBy: { seq: 'asc' } })).map((l) => l.data).join('');
    expect(logs).not.toContain('hunter2');
    expect(logs).not.toContain(Buffer.from(secret).toString('base64'));
    expect(logs).toContain('plain=***\n');
    expect(logs).toContain('url=***\n');
    expect(logs).toContain('split=***\n');
    expect(logs).toContain('err=***\n');
  }, 30_000);

  it('a worker that cannot decrypt a secret fails that run with the reason, and carries on', async () => {
    const dir = scratchDir();
    await createTask({
      db,
      input: {
        key: 'wrong-key',
        name: 'Wrong key',
        kind: 'shell',
        schedule: 'manual',
        cwd: dir,
        command: 'echo ran',
        env: { API_TOKEN: 'abcdef123' },
      },
      actor: SYSTEM_ACTOR,
      source: 'cli',
      defaultTimezone: 'UTC',
      secretKey: KEY,
    });
    const [runId] = await queueRuns({ db, task: { key: 'wrong-key' }, trigger: 'manual', actor: SYSTEM_ACTOR });
    worker = inProcessWorker(db, testConfig(t.url, { allowedWorkdirs: [dir], secretKey: randomBytes(32).toString('hex') }));
    await worker.start();
    const run = await waitForRunToFinish(db, runId!);
    expect(run.status).toBe('failed');
    expect(run.error).toBe(
      'cannot run: secret env API_TOKEN cannot be decrypted with this CRONBOARD_SECRET_KEY (was it encrypted with another key?)',
    );
    const logs = (await db.runLog.findMany({ where: { runId } })).map((l) => l.data).join('');
    expect(logs).not.toContain('ran\n');
  }, 30_000);
});
