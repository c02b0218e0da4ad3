// Several web processes on one database (issue 12): a second `next start` on
// E2E_PORT+1 against the e2e server's database. A run queued through REST on
// the first process appears, without a reload, on the runs page served by the
// second, which learns of it from its own events stream (it reads the Event
// table, not process memory); the fallback poll is slowed to ten minutes so
// only the stream can show it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trpc, unique } from './api';
import { E2E_USERS } from './auth-helpers';
import { expect, test } from './fixtures';
import { E2E_SECRET_KEY } from './secret-key';

const root = fileURLToPath(new URL('..', import.meta.url));
const first = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}`;
const secondPort = Number(process.env.E2E_PORT ?? 3100) + 1;
const second = `http://127.0.0.1:${secondPort}`;

let server: ChildProcess | undefined;
let dir = '';

test.beforeAll(async () => {
  const { databaseUrl } = JSON.parse(readFileSync(join(root, 'e2e', '.artifacts', 'server.json'), 'utf8')) as { databaseUrl: string };
  dir = mkdtempSync(join(tmpdir(), 'cronboard-e2e-second-'));
  writeFileSync(join(dir, 'cronboard.yaml'), 'demo: false\n');
  server = spawn(join(root, 'node_modules', '.bin', 'next'), ['start', '-p', String(secondPort), '-H', '127.0.0.1'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      CRONBOARD_CONFIG: join(dir, 'cronboard.yaml'),
      CRONBOARD_DEMO: 'false',
      CRONBOARD_SECRET_KEY: E2E_SECRET_KEY,
      LOG_LEVEL: 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: 'ignore',
  });
  await expect.poll(() => fetch(`${second}/api/health`).then((r) => r.status).catch(() => 0), { timeout: 60_000 }).toBe(200);
});

test.afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

test('a run queued through REST on one web process shows on the runs page of another, live', async ({ page, request }) => {
  const { token } = await trpc<{ token: string }>(request, 'tokens.create', { email: E2E_USERS.admin.email, name: unique('two-web') });
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const key = unique('two-web');
  const created = await fetch(`${first}/api/v1/tasks`, { method: 'POST', headers: auth, body: JSON.stringify({ key, name: key, command: 'true' }) });
  expect(created.status).toBe(200);

  // The page (and its events stream) from the second process; the session cookie is the same person's.
  await page.addInitScript(() => localStorage.setItem('cronboard.fallbackPollMs', '600000'));
  const stream = page.waitForResponse((r) => r.url().startsWith(`${second}/api/v1/events/stream`) && r.status() === 200);
  await page.goto(`${second}/runs?task=${encodeURIComponent(key)}`);
  await stream;
  await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();

  const queued = await fetch(`${first}/api/v1/tasks/${key}/run`, { method: 'POST', headers: auth, body: '{}' });
  expect(queued.status).toBe(200);
  const [runId] = ((await queued.json()) as { runIds: number[] }).runIds;
  await expect(page.getByRole('row').filter({ hasText: 'succeeded' })).toBeVisible({ timeout: 20_000 });
  // The second process serves the same run, recorded with trigger api.
  const run = (await (await fetch(`${second}/api/v1/runs/${runId}`, { headers: auth })).json()) as { status: string; trigger: string };
  expect(run).toMatchObject({ status: 'succeeded', trigger: 'api' });
});
