// Accounts in the browser: the one-time setup page (on a second server with a
// fresh database), sign-in / sign-out, what a viewer may do, API tokens used
// like curl, and user-supplied text that must stay text.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { E2E_USERS, newContextAs, SAME_SITE_WRITE } from './auth-helpers';
import { expect, expectAccessible, test } from './fixtures';
import { savePageScreenshot } from './screenshots';

const root = fileURLToPath(new URL('..', import.meta.url));
const SIGNED_OUT = { storageState: { cookies: [], origins: [] } };

function baseURL(): string {
  return `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}`;
}

/** The e2e server's database (e2e/server.ts writes it). */
function e2eDatabaseUrl(): string {
  return (JSON.parse(readFileSync(join(root, 'e2e', '.artifacts', 'server.json'), 'utf8')) as { databaseUrl: string }).databaseUrl;
}

/** The real CLI against the e2e database. */
function cli(...args: string[]): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: e2eDatabaseUrl(), CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`cronboard ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** A tRPC call from inside the page (same origin, the page's cookie, the CSRF header as the app's client sends it). */
function trpcFromPage(page: Page, path: string, input: unknown, method: 'GET' | 'POST') {
  return page.evaluate(
    async ({ path, input, method }) => {
      const body = JSON.stringify({ json: input });
      const res =
        method === 'POST'
          ? await fetch(`/api/trpc/${path}`, { method, headers: { 'content-type': 'application/json', 'x-cronboard-csrf': '1' }, body })
          : await fetch(`/api/trpc/${path}?input=${encodeURIComponent(body)}`);
      return { status: res.status, body: (await res.json()) as { error?: { json: { message: string } } } };
    },
    { path, input, method },
  );
}

test.describe('first run', () => {
  // A second web server on its own fresh, empty database: setup must happen exactly there.
  const port = Number(process.env.E2E_PORT ?? 3100) + 100;
  const url = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  let dir = '';

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cronboard-e2e-setup-'));
    server = spawn(join(root, 'node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: `file:${join(dir, 'fresh.db')}`, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: 'ignore',
    });
    await expect.poll(() => fetch(`${url}/api/health`).then((r) => r.status).catch(() => 0), { timeout: 60_000 }).toBe(200);
  });
  test.afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  test.use(SIGNED_OUT);

  test('screenshots of the setup page in light and dark (before anyone sets up)', async ({ browser }) => {
    for (const theme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme: theme });
      const page = await context.newPage();
      await page.goto(`${url}/setup`);
      await expect(page.getByRole('button', { name: 'Create admin and sign in' })).toBeVisible();
      await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /(^|\s)dark(\s|$)/ : /^(?!.*\bdark\b)/);
      await savePageScreenshot(page, 'setup', theme);
      await context.close();
    }
  });

  test('the setup page creates the first admin, signs them in, and is gone afterwards', async ({ page, browser }) => {
    await page.goto(`${url}/`);
    await expect(page).toHaveURL(`${url}/setup`);
    await expect(page.getByRole('heading', { name: 'Set up Cronboard' })).toBeVisible();
    await expectAccessible(page);
    // Login is not available yet either: it sends to setup.
    await page.goto(`${url}/login`);
    await expect(page).toHaveURL(`${url}/setup`);

    await page.getByLabel('Email').fill('founder@example.test');
    await page.getByLabel('Password (at least 10 characters)').fill('short');
    await page.getByLabel('Repeat the password').fill('short');
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await expect(page.getByText('Password must be at least 10 characters')).toBeVisible();

    await page.getByLabel('Password (at least 10 characters)').fill('founder-password');
    await page.getByLabel('Repeat the password').fill('founder-password');
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await expect(page).toHaveURL(`${url}/`);
    await expect(page.getByRole('banner')).toContainText('founder@example.test');
    // The admin pages are in the header's Admin menu.
    await page.getByRole('banner').getByRole('button', { name: /^Admin/ }).click();
    await expect(page.getByRole('link', { name: 'Users' })).toBeVisible();

    // Someone else arriving later finds sign-in, not setup; the setup API refuses too.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto(`${url}/setup`);
    await expect(otherPage).toHaveURL(`${url}/login`);
    const again = await fetch(`${url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cronboard-csrf': '1' },
      body: JSON.stringify({ email: 'intruder@example.test', password: 'intruder-password' }),
    });
    expect(again.status).toBe(409);
    await other.close();
  });
});

test.describe('signing in and out', () => {
  test.use(SIGNED_OUT);

  test('a signed-out visitor is sent to the login page; a wrong password says so; sign-in and sign-out work', async ({ page }) => {
    await page.goto('/runs');
    await expect(page).toHaveURL(/\/login\?next=%2Fruns$/);
    await expectAccessible(page);
    // The API answers 401 JSON, not a page.
    const api = await page.request.get('/api/trpc/tasks.list');
    expect(api.status()).toBe(401);
    expect(((await api.json()) as { error: { json: { message: string } } }).error.json.message).toBe('Sign in first (session cookie or Authorization: Bearer token).');

    const message = page.locator('#main').getByRole('alert');
    await page.getByLabel('Email').fill(E2E_USERS.operator.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(message).toHaveText('Wrong email or password.');
    await expect(page).toHaveURL(/\/login\?error=invalid&email=[^&]+&next=%2Fruns$/);
    // Nothing typed is lost but the password: the email is still filled in.
    await expect(page.getByLabel('Email')).toHaveValue(E2E_USERS.operator.email);
    await expect(page.getByLabel('Password')).toHaveValue('');
    // An unknown account gets exactly the same answer.
    await page.getByLabel('Email').fill('nobody@e2e.test');
    await page.getByLabel('Password').fill(E2E_USERS.operator.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(message).toHaveText('Wrong email or password.');

    await page.getByLabel('Email').fill(E2E_USERS.operator.email);
    await page.getByLabel('Password').fill(E2E_USERS.operator.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/runs$/);
    const banner = page.getByRole('banner');
    await expect(banner).toContainText(E2E_USERS.operator.email);
    await expect(banner).toContainText('operator');
    await expect(banner.getByRole('link', { name: 'Users' })).toHaveCount(0);

    await banner.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login\?next=%2F$/);
  });
});

test('a viewer can read but not change anything: admin pages refused, forced mutations get 403', async ({ browser }) => {
  const context = await newContextAs(browser, 'viewer');
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('banner')).toContainText(E2E_USERS.viewer.email);
  await expect(page.getByRole('heading', { name: 'Todo' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await page.goto('/admin/users');
  await expect(page.getByText('This page is for admins.')).toBeVisible();

  // The UI would not offer these; the server refuses them anyway.
  const read = await trpcFromPage(page, 'tasks.list', undefined, 'GET');
  expect(read.status).toBe(200);
  const forced = await trpcFromPage(page, 'users.create', { email: 'sneaky@e2e.test', password: 'sneaky-password', role: 'admin' }, 'POST');
  expect(forced.status).toBe(403);
  expect(forced.body.error?.json.message).toBe('This needs the admin role; you are viewer.');
  await context.close();
});

test('API tokens: created on the tokens page and shown once, work as Bearer for their role, 401 without or once revoked', async ({ page }) => {
  await page.goto('/admin/tokens');
  await expect(page.getByRole('heading', { name: 'API tokens' })).toBeVisible();
  const name = `script-${Date.now()}`;
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('For user (the token carries their role)').selectOption(E2E_USERS.viewer.email);
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByText('it is shown only once')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy' })).toBeVisible();
  const token = (await page.getByTestId('new-token').textContent())?.trim() ?? '';
  expect(token).toMatch(/^cbt_/);
  await expectAccessible(page);

  // Like curl, from outside the browser.
  const api = (path: string, init: RequestInit = {}) => fetch(`${baseURL()}/api/trpc/${path}`, init);
  const bearer = { authorization: `Bearer ${token}` };
  const list = await api('tasks.list', { headers: bearer });
  expect(list.status).toBe(200);
  expect(JSON.stringify(await list.json())).toContain('nightly-backup');
  const write = await api('users.create', { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ json: { email: 'x@e2e.test', password: 'x-password-long', role: 'viewer' } }) });
  expect(write.status).toBe(403);
  expect((await api('tasks.list')).status).toBe(401);

  // Shown once: after a reload only the prefix is left.
  await page.reload();
  await expect(page.getByTestId('new-token')).toHaveCount(0);
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText(token.slice(0, 10));
  await expect(row).not.toContainText(token);
  await row.getByRole('button', { name: /Revoke/ }).click();
  await expect(row).toContainText('revoked');
  expect((await api('tasks.list', { headers: bearer })).status).toBe(401);
});

test('user-supplied text with HTML stays text: task names, user names, token names', async ({ page }) => {
  const payloadImg = '<img src=x onerror="window.__xss=1;alert(1)">';
  const payloadScript = '<script>window.__xss=2;alert(2)</script>';
  const key = `xss-${Date.now()}`;
  cli('create', '--key', key, '--name', `${payloadImg} ${payloadScript}`, '--command', `echo '${payloadImg}'`, '--schedule', 'manual');
  cli('run', key);

  const dialogs: string[] = [];
  page.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: `${payloadImg} ${payloadScript}`, exact: true })).toBeVisible();
  await page.goto('/runs');
  await expect(page.getByRole('cell', { name: `${payloadImg} ${payloadScript}` }).first()).toBeVisible();

  await page.goto('/admin/users');
  const email = `xss-${Date.now()}@e2e.test`;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name (optional)').fill(payloadImg);
  await page.getByLabel('Password (10+ characters)').fill('xss-user-password');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('cell', { name: payloadImg, exact: true })).toBeVisible();

  await page.goto('/admin/tokens');
  await page.getByLabel('Name').fill(payloadScript);
  await page.getByLabel('For user (the token carries their role)').selectOption(email);
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByText(`Token “${payloadScript}”`)).toBeVisible();
  await expect(page.getByRole('cell', { name: payloadScript, exact: true })).toBeVisible();

  await page.goto('/activity');
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test('HTML in a task name, description and run output is shown as text everywhere and never runs', async ({ page, request }) => {
  const img = '<img src=x onerror="window.__xss=1">';
  const script = '<script>window.__xss=1</script>';
  const key = `xss-text-${Date.now().toString(36)}`;
  const name = `${img} ${script}`;
  const description = `Before ${img}\nand ${script} after`;
  // The run prints both payloads, one of them inside ANSI colour and underline escapes.
  const command = `printf '%s\\n' '${img}'; printf '\\033[1;31m%s\\033[0m \\033[4mplain\\033[0m\\n' '${script}'`;
  const created = await request.post('/api/trpc/tasks.create', {
    data: { json: { key, name, description, kind: 'shell', command, schedule: 'manual' } },
    headers: SAME_SITE_WRITE,
  });
  expect(created.ok(), await created.text()).toBe(true);
  const ran = await request.post('/api/trpc/tasks.runNow', { data: { json: { key } }, headers: SAME_SITE_WRITE });
  const runId = ((await ran.json()) as { result: { data: { json: { runId: number } } } }).result.data.json.runId;

  const dialogs: string[] = [];
  page.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));
  const neverRan = async (where: string) => {
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), `window.__xss on ${where}`).toBeUndefined();
    // The payload became no element: no injected image, no inline handler anywhere in the page content.
    expect(await page.locator('#main img[src="x"], #main [onerror]').count(), `injected elements on ${where}`).toBe(0);
  };

  // The board card: the name as its heading's text (the card is also labelled by it).
  await page.goto('/');
  const card = page.getByRole('article', { name });
  await expect(card.getByRole('heading', { level: 3 })).toHaveText(name);
  await neverRan('the board');

  // The task page: the name as the title, the description rendered as Markdown.
  await card.getByRole('link', { name }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${key}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  // The description is Markdown without raw HTML: the tags are dropped, the text between them stays text.
  await expect(page.getByTestId('task-description')).toHaveText(/^Before\s+and window\.__xss=1 after$/);
  await neverRan('the task page');

  // The runs page: the task name in the run's row.
  await page.goto(`/runs?task=${key}`);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `#${runId}`, exact: true }) });
  await expect(row.getByRole('link', { name, exact: true })).toBeVisible();
  await expect(row).toContainText('succeeded', { timeout: 30_000 });
  await neverRan('the runs page');

  // The run page's log: both payloads as literal text, the ANSI escapes turned into styling, not shown.
  await page.goto(`/runs/${runId}`);
  await expect(page.locator('[data-log-state]')).toHaveAttribute('data-log-state', 'ended', { timeout: 30_000 });
  const log = page.getByLabel(`Output of run #${runId}`);
  // What the command printed (the system line above it echoes the command itself, escapes as typed).
  // The log is shown in lines: one span per stdout piece.
  const output = log.locator('[data-stream="stdout"]');
  await expect(output.getByText(img, { exact: true })).toHaveCount(1);
  // The coloured part is its own styled span holding exactly the payload as text.
  await expect(log.locator('[data-stream="stdout"]', { hasText: script }).first()).toHaveClass(/text-/);
  await expect(log.locator('[data-stream="stdout"]', { hasText: 'plain' })).toHaveCount(1);
  const printed = (await output.allTextContents()).join('');
  expect(printed).not.toContain('\u001b');
  expect(printed).not.toMatch(/\[(1;31|0|4)m/);
  await expect(log.locator('img, script, u, b')).toHaveCount(0);
  await neverRan('the run page');
  expect(dialogs).toEqual([]);
});

test('after sign-in `next` leads only to a path on this site; odd values are ignored, never a 500', async ({ page }) => {
  const origin = new URL(baseURL()).origin;
  for (const next of ['%2F%09%2Fevil.example%2Fphish', '%2F%5Cevil.example', '%2F.%2F%2Fevil.example', '%2Ft%C3%A2ches', '%2F%0D%0ASet-Cookie%3A%20x%3D1', '%2F%E2%80%A8']) {
    // Signed in (the admin): the login page sends us on at once; look at where, without following it.
    const response = await page.request.get(`/login?next=${next}`, { maxRedirects: 0 });
    expect(response.status(), next).toBeLessThan(400);
    const location = response.headers()['location'] ?? '';
    expect(new URL(location, origin).origin, `${next} → ${location}`).toBe(origin);
    expect(new URL(location, origin).pathname, next).toBe('/');
  }
  await page.goto('/login?next=%2F%09%2Fevil.example%2Fphish');
  await expect(page).toHaveURL(`${origin}/`);
  const kept = await page.request.get('/login?next=%2Fruns%3Fstatus%3Dfailed', { maxRedirects: 0 });
  expect(new URL(kept.headers()['location'] ?? '', origin).pathname + new URL(kept.headers()['location'] ?? '', origin).search).toBe('/runs?status=failed');
});

test('responses carry the security headers; pages a nonce-based CSP without unsafe-eval', async ({ page }) => {
  const response = await page.goto('/');
  const headers = response!.headers();
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy']).toBe('camera=(), microphone=(), geolocation=()');
  // Plain http and no TRUST_PROXY: no HSTS, whatever X-Forwarded-Proto a client sends.
  expect(headers['strict-transport-security']).toBeUndefined();
  const spoofed = await page.request.get('/login', { headers: { 'x-forwarded-proto': 'https' } });
  expect(spoofed.headers()['strict-transport-security']).toBeUndefined();
  const api = await page.request.get('/api/health');
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
  expect(api.headers()['permissions-policy']).toBe('camera=(), microphone=(), geolocation=()');
  expect(api.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  // The theme script ran under the CSP (it would be blocked without the nonce).
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(() => localStorage.removeItem('cronboard-theme'));
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/dark/);
});

for (const theme of ['light', 'dark'] as const) {
  test(`sign-in and admin pages in the ${theme} theme, at desktop and 375 px, axe clean and without sideways scrolling`, async ({ browser }) => {
    const dir = fileURLToPath(new URL('.artifacts/screenshots/', import.meta.url));
    const shots: { name: string; path: string; role: 'admin' | null }[] = [
      { name: 'login', path: '/login', role: null },
      { name: 'admin-users', path: '/admin/users', role: 'admin' },
      { name: 'admin-tokens', path: '/admin/tokens', role: 'admin' },
    ];
    for (const width of [1280, 375]) {
      for (const shot of shots) {
        const options = { colorScheme: theme, viewport: { width, height: 800 } } as const;
        const context = shot.role ? await newContextAs(browser, shot.role, options) : await browser.newContext({ ...options, ...SIGNED_OUT });
        const page = await context.newPage();
        await page.goto(shot.path);
        await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /dark/ : /^(?!.*dark)/);
        await expect(page.locator('main h1')).toBeVisible();
        await expectAccessible(page, `${shot.path} (${theme}, ${width}px)`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${shot.path} scrolls sideways at ${width}px`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(dir, `auth-${shot.name}-${theme}-${width}.png`), fullPage: true });
        await context.close();
      }
    }
  });
}
