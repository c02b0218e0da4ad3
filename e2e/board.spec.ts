// The board and the app shell against the production build, one worker and the
// demo tasks (see e2e/server.ts). Every test fails on a console error or an
// uncaught page error. The screenshots tests save every signed-in page and the
// login page in light and dark to e2e/.artifacts/screenshots/<page>-<theme>.png
// (docs/screenshots/ with UPDATE_SCREENSHOTS=1; see e2e/screenshots.ts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext, Browser, Locator, Page } from '@playwright/test';
import { boardCards, queryPath, trpc, unique as uniqueName } from './api';
import { newContextAs } from './auth-helpers';
import { expect, expectAccessible, test } from './fixtures';
import { savePageScreenshot } from './screenshots';

const COLUMNS = ['Todo', 'In progress', 'In review', 'Done', 'Cancelled'] as const;

// `runsHourly`: the demo's Sync invoices fires at every full hour (and retries a minute later), and
// its card sits in In progress while that run runs, so a test run across :00 finds it there.
const SEEDED: { name: string; column: (typeof COLUMNS)[number]; runsHourly?: true }[] = [
  { name: 'Nightly backup', column: 'Todo' },
  { name: 'Health check', column: 'Todo' },
  { name: 'Rotate API keys', column: 'Todo' },
  { name: 'Weekly report', column: 'Todo' },
  { name: 'Sync invoices', column: 'In review', runsHourly: true },
  { name: 'Migrate user avatars', column: 'Done' },
  { name: 'Clean up temp files', column: 'Cancelled' },
];

const PAGES = [
  { slug: 'board', path: '/', heading: 'Board' },
  { slug: 'runs', path: '/runs', heading: 'Runs' },
  { slug: 'workers', path: '/workers', heading: 'Workers' },
  { slug: 'activity', path: '/activity', heading: 'Activity' },
] as const;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A seeded card where it belongs: its column, or In progress while its hourly run runs. */
function seededCard(page: Page, { name, column, runsHourly }: (typeof SEEDED)[number]) {
  const home = page.getByRole('region', { name: column, exact: true });
  const where = runsHourly ? home.or(page.getByRole('region', { name: 'In progress', exact: true })) : home;
  return where.getByRole('article', { name: new RegExp(escape(name)) });
}

/** The e2e server's worker pid (e2e/server.ts writes it once the worker is started). */
async function workerPid(): Promise<number> {
  const file = fileURLToPath(new URL('.artifacts/server.json', import.meta.url));
  let pid = 0;
  await expect
    .poll(
      () => {
        try {
          pid = (JSON.parse(readFileSync(file, 'utf8')) as { workerPid?: number }).workerPid ?? 0;
        } catch {
          pid = 0;
        }
        return pid;
      },
      { message: 'e2e/.artifacts/server.json names the worker', timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  return pid;
}

/** The theme toggle is labelled once the page has hydrated. */
async function waitForHydration(page: Page) {
  await expect(page.getByRole('button', { name: /^Switch to (dark|light) theme$/ })).toBeVisible();
}

/** Hydrated, and the session is known: the cards' move handles are enabled (operator role). */
async function waitForBoard(page: Page) {
  await waitForHydration(page);
  await expect(page.getByRole('button', { name: /^Move “/ }).first()).toBeEnabled();
}

/** Waits for what each page loads, so screenshots show content rather than skeletons. */
async function waitForContent(page: Page, slug: (typeof PAGES)[number]['slug']) {
  await waitForHydration(page);
  if (slug === 'board') {
    for (const seeded of SEEDED) await expect(seededCard(page, seeded)).toBeVisible();
  } else {
    await expect(page.getByRole('heading', { level: 1, name: PAGES.find((p) => p.slug === slug)!.heading })).toBeVisible();
    if (slug === 'workers') {
      const pid = await workerPid();
      await expect(page.getByRole('row').filter({ hasText: `/ ${pid}` })).toBeVisible({ timeout: 30_000 });
    }
  }
}

test('the board shows the five columns with the seeded cards in theirs', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle(/Cronboard/);
  for (const column of COLUMNS) {
    await expect(page.getByRole('region', { name: column, exact: true })).toBeVisible();
  }
  for (const seeded of SEEDED) {
    await expect(seededCard(page, seeded), `"${seeded.name}" is in ${seeded.column}`).toBeVisible();
  }
  // …and only there.
  for (const { name } of SEEDED) {
    await expect(page.getByRole('article', { name: new RegExp(escape(name)) })).toHaveCount(1);
  }
});

test('the navigation reaches Runs, Workers and Activity, and the worker shows up', async ({ page }) => {
  await page.goto('/');
  await waitForHydration(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Board' })).toHaveAttribute('aria-current', 'page');

  for (const { path, heading } of PAGES.slice(1)) {
    await nav.getByRole('link', { name: heading, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${escape(path)}$`));
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(nav.getByRole('link', { name: heading, exact: true })).toHaveAttribute('aria-current', 'page');
  }

  // The worker started beside the web app registers and heartbeats: the Workers
  // page lists it (the table refetches every few seconds) and not as lost.
  await nav.getByRole('link', { name: 'Workers', exact: true }).click();
  const pid = await workerPid();
  const row = page.getByRole('row').filter({ hasText: `/ ${pid}` });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).not.toContainText('lost');

  await nav.getByRole('link', { name: 'Board' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('region', { name: 'Todo', exact: true })).toBeVisible();
});

test('the theme toggle switches light/dark and the choice survives a reload', async ({ page }) => {
  const html = page.locator('html');
  await page.goto('/');
  await expect(html).not.toHaveClass(/(^|\s)dark(\s|$)/);

  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(html).toHaveClass(/(^|\s)dark(\s|$)/);
  expect(await page.evaluate(() => localStorage.getItem('cronboard-theme'))).toBe('dark');

  await page.reload();
  await expect(html).toHaveClass(/(^|\s)dark(\s|$)/);
  await expect(page.getByRole('button', { name: 'Switch to light theme' })).toBeVisible();

  // It holds on the other pages too.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
  await expect(html).toHaveClass(/(^|\s)dark(\s|$)/);

  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await expect(html).not.toHaveClass(/(^|\s)dark(\s|$)/);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Switch to dark theme' })).toBeVisible();
  await expect(html).not.toHaveClass(/(^|\s)dark(\s|$)/);
  expect(await page.evaluate(() => localStorage.getItem('cronboard-theme'))).toBe('light');
});

/** The run of the demo's "Nightly backup" the screenshots show (made once; it ends back in Todo, being recurring). */
async function demoRun(request: APIRequestContext): Promise<number> {
  const history = () =>
    trpc<{ items: { id: number; status: string }[] }>(
      request,
      queryPath('tasks.history', { key: 'nightly-backup' }),
    );
  if ((await history()).items.length === 0) await trpc(request, 'tasks.runNow', { key: 'nightly-backup' });
  await expect.poll(async () => (await history()).items[0]?.status, { timeout: 30_000 }).toBe('succeeded');
  await expect.poll(async () => (await boardTask(request, 'nightly-backup'))?.status).toBe('todo');
  return (await history()).items[0]!.id;
}

/** The page fits the window: nothing scrolls sideways (wide content scrolls inside its own box). */
async function expectNoSidewaysScroll(page: Page, what: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${what}: the page is ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
}

for (const theme of ['light', 'dark'] as const) {
  // Every page at 1280 px and on a phone (375 px): screenshots of each
  // (<slug>-<theme>.png and <slug>-375-<theme>.png), and at 375 px no sideways
  // scroll and axe clean.
  test(`screenshots of every page in the ${theme} theme, at 375 px without sideways scrolling and axe clean`, async ({ page, request, browser }) => {
    test.setTimeout(240_000);
    const runId = await demoRun(request);
    await page.addInitScript((t) => localStorage.setItem('cronboard-theme', t), theme);
    const isDark = () => expect(page.locator('html')).toHaveClass(theme === 'dark' ? /(^|\s)dark(\s|$)/ : /^(?!.*\bdark\b)/);
    const heading = (name: string) => expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    const shots: { slug: string; path: string; ready: () => Promise<void>; themed?: false }[] = [
      { slug: 'board', path: '/', ready: () => waitForContent(page, 'board') },
      {
        slug: 'task-new',
        path: '/tasks/new',
        ready: async () => {
          await heading('New task');
          await expect(page.getByRole('button', { name: 'Create task' })).toBeEnabled();
        },
      },
      {
        slug: 'task-page',
        path: '/tasks/nightly-backup',
        ready: async () => {
          await heading('Nightly backup');
          await expect(page.getByTestId('history-row').first()).toBeVisible();
          await expect(page.getByRole('img', { name: /Durations of the last/ })).toBeVisible();
        },
      },
      {
        slug: 'task-edit',
        path: '/tasks/nightly-backup/edit',
        ready: async () => {
          await heading('Edit task');
          await expect(page.getByRole('button', { name: /^Save/ })).toBeVisible();
        },
      },
      { slug: 'runs', path: '/runs', ready: () => waitForContent(page, 'runs') },
      {
        slug: 'run-page',
        path: `/runs/${runId}`,
        ready: async () => {
          await expect(page.locator('[data-log-state]')).toHaveAttribute('data-log-state', 'ended', { timeout: 30_000 });
          await expect(page.getByLabel(`Output of run #${runId}`)).toContainText('backup complete');
        },
      },
      {
        slug: 'upcoming',
        path: '/upcoming',
        ready: async () => {
          await heading('Upcoming runs');
          await expect(page.locator('[data-timeline-summary]')).toContainText(/runs of \d+ tasks?/);
        },
      },
      { slug: 'workers', path: '/workers', ready: () => waitForContent(page, 'workers') },
      { slug: 'activity', path: '/activity', ready: () => waitForContent(page, 'activity') },
      {
        slug: 'admin-users',
        path: '/admin/users',
        ready: async () => {
          await heading('Users');
          await expect(page.getByRole('cell', { name: 'admin@e2e.test', exact: true }).first()).toBeVisible();
        },
      },
      {
        slug: 'admin-tokens',
        path: '/admin/tokens',
        ready: async () => {
          await heading('API tokens');
          await expect(page.getByLabel('For user (the token carries their role)')).toBeEnabled();
        },
      },
      {
        // Swagger UI (the same in both themes): shot once, in light; checked for sideways scroll, not axe (see below).
        slug: 'api-docs',
        path: '/api/docs',
        themed: false,
        ready: () => expect(page.getByRole('heading', { name: /Cronboard API/ })).toBeVisible({ timeout: 30_000 }),
      },
    ];
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: width === 375 ? 812 : 800 });
      const suffix = width === 375 ? '-375' : '';
      for (const { slug, path, ready, themed } of shots) {
        if (themed === false && theme === 'dark') continue;
        await page.goto(path);
        if (themed !== false) {
          await waitForHydration(page);
          await isDark();
        }
        await ready();
        await page.waitForLoadState('networkidle').catch(() => undefined);
        if (width === 375) {
          await expectNoSidewaysScroll(page, `${path} at 375 px`);
          // The API docs page's CSP (script-src 'self') refuses axe's injected script; Swagger UI is not ours to fix.
          if (themed !== false) await expectAccessible(page, `${path} at 375 px, ${theme}`);
        }
        await savePageScreenshot(page, `${slug}${suffix}`, theme);
      }
    }

    // The login page, signed out (the setup page is shot in auth.spec.ts, on a server with no users).
    const signedOut = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const login = await signedOut.newPage();
    await login.addInitScript((t) => localStorage.setItem('cronboard-theme', t), theme);
    for (const width of [1280, 375]) {
      await login.setViewportSize({ width, height: width === 375 ? 812 : 800 });
      await login.goto('/login');
      await expect(login.getByRole('button', { name: 'Sign in' })).toBeVisible();
      if (width === 375) {
        await expectNoSidewaysScroll(login, '/login at 375 px');
        await expectAccessible(login, `/login at 375 px, ${theme}`);
      }
      await savePageScreenshot(login, width === 375 ? 'login-375' : 'login', theme);
    }
    await signedOut.close();
  });
}

// ---- The interactive board: drag and drop, live runs, filters, conflicts ----
// Each test makes its own cards (unique names) through the board's quick-add
// procedure, so the demo cards above stay where the other tests expect them.

interface CreatedTask {
  key: string;
  name: string;
  version: number;
  boardVersion: number;
}

const unique = (label: string) => uniqueName(label, ' ');

async function quickAdd(
  request: APIRequestContext,
  input: { name: string; status?: string; command?: string; schedule?: string },
): Promise<CreatedTask> {
  return trpc<CreatedTask>(request, 'board.quickAdd', { status: 'todo', command: 'true', schedule: 'manual', ...input });
}

/** A card as board.get sends it (empty fields left out, boardVersion 1 too), with those defaults filled in. */
async function boardTask(request: APIRequestContext, key: string) {
  const cards = await boardCards<{ key: string; status?: string; nextRunAt?: number; boardVersion?: number }>(request);
  const card = cards.find((t) => t.key === key);
  return card && { ...card, nextRunAt: card.nextRunAt ?? null, boardVersion: card.boardVersion ?? 1 };
}

async function taskVersion(request: APIRequestContext, key: string): Promise<number> {
  return (await trpc<{ version: number }>(request, queryPath('tasks.get', { key }))).version;
}

const column = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const card = (scope: Page | Locator, name: string) => scope.getByRole('article', { name: new RegExp(escape(name)) });

/** The names of the cards in a column, top to bottom. */
async function namesIn(page: Page, columnName: string): Promise<string[]> {
  return column(page, columnName).getByRole('heading', { level: 3 }).allInnerTexts();
}

/** A mouse drag dnd-kit registers: press, pass the activation distance, then a stepped move, then release. */
async function drag(page: Page, from: Locator, to: { x: number; y: number } | (() => Promise<{ x: number; y: number }>)) {
  await from.scrollIntoViewIfNeeded();
  const box = await from.boundingBox();
  if (!box) throw new Error('drag source is not visible');
  const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 8, start.y + 8, { steps: 4 });
  const target = typeof to === 'function' ? await to() : to;
  await page.mouse.move(target.x, target.y, { steps: 12 });
  await page.mouse.move(target.x + 1, target.y + 1, { steps: 2 });
  await page.mouse.up();
}

/** A point near the top of the part of `locator` inside the viewport (a tall column may start above it or end below it). */
async function centerOf(locator: Locator, dy = 0) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('drop target is not visible');
  const viewportHeight = locator.page().viewportSize()?.height ?? Infinity;
  const top = Math.max(box.y, 0);
  const bottom = Math.min(box.y + box.height, viewportHeight);
  if (bottom <= top) throw new Error('drop target is outside the viewport');
  return { x: box.x + box.width / 2, y: top + Math.min((bottom - top) / 2, 80) + dy };
}

test('dragging a card to In progress with the mouse runs it; when the run ends the card goes to In review', async ({
  page,
  request,
}) => {
  const task = await quickAdd(request, { name: unique('E2E drag run'), command: 'echo started; sleep 3; echo finished' });
  await page.goto('/');
  await waitForBoard(page);
  await expect(card(column(page, 'Todo'), task.name)).toBeVisible();

  await drag(page, card(column(page, 'Todo'), task.name).getByText(task.key), () => centerOf(column(page, 'In progress')));

  const inProgress = card(column(page, 'In progress'), task.name);
  await expect(inProgress).toBeVisible();
  // The worker claims the queued manual run within a second or two: a live "Running" badge with elapsed time.
  await expect(inProgress.getByText(/Running · \d+:\d\d/)).toBeVisible({ timeout: 15_000 });
  // A manual task that succeeded goes to In review (PRODUCT.md), with its last status.
  const reviewed = card(column(page, 'In review'), task.name);
  await expect(reviewed).toBeVisible({ timeout: 20_000 });
  await expect(reviewed.getByText('succeeded')).toBeVisible();
  await expect(reviewed.getByText(/Running/)).toHaveCount(0);
});

test('after dragging a card to In progress the user follows the run from the task page to its log', async ({ page, request }) => {
  // The run waits for a file the test writes once it has seen the run page mid-run (a fixed sleep
  // could end before the test got there on a loaded machine); at most 60 s.
  const gate = join(mkdtempSync(join(tmpdir(), 'cronboard-e2e-follow-')), 'go');
  const task = await quickAdd(request, {
    name: unique('E2E drag follow'),
    command: `echo "step one of $((2+1))"; i=0; while [ ! -e '${gate}' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; echo "step three done"`,
  });
  await page.goto('/');
  await waitForBoard(page);
  await drag(page, card(column(page, 'Todo'), task.name).getByText(task.key), () => centerOf(column(page, 'In progress')));
  const inProgress = card(column(page, 'In progress'), task.name);
  await expect(inProgress.getByText(/Running · \d+:\d\d/)).toBeVisible({ timeout: 15_000 });

  // The card's title opens the task page; its run history lists the run the drop started.
  await inProgress.getByRole('link', { name: task.name }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${escape(task.key)}$`));
  await expect(page.getByRole('heading', { level: 1, name: task.name })).toBeVisible();
  const history = page.getByTestId('history-row');
  await expect(history).toHaveCount(1);
  const runLink = history.first().getByRole('link', { name: /^#\d+$/ });
  const runId = Number((await runLink.textContent())!.slice(1));
  await runLink.click();

  // The run page: the first line is there while the run is still going, then the rest and the final status.
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Run #${runId}`);
  // (The output only: the log's first, system line echoes the command itself.)
  const output = page.getByLabel(`Output of run #${runId}`).locator('[data-stream="stdout"]');
  await expect(output.first()).toContainText('step one of 3', { timeout: 15_000 });
  await expect(output.filter({ hasText: 'step three done' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('running');
  writeFileSync(gate, '');
  await expect(output.filter({ hasText: 'step three done' })).toHaveCount(1, { timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText('succeeded', { timeout: 20_000 });
  await expect(page.getByRole('link', { name: task.name })).toBeVisible();
});

test('dragging a card to Cancelled stops its schedule', async ({ page, request }) => {
  const task = await quickAdd(request, { name: unique('E2E cancel'), schedule: '*/5 * * * *' });
  await page.goto('/');
  await waitForBoard(page);
  const todoCard = card(column(page, 'Todo'), task.name);
  await expect(todoCard.getByTestId('next-run')).toHaveText(/^in \d+ (second|minute)s?$/);

  await drag(page, todoCard.getByText(task.key), () => centerOf(column(page, 'Cancelled')));

  const cancelled = card(column(page, 'Cancelled'), task.name);
  await expect(cancelled).toBeVisible();
  await expect(cancelled.getByTestId('next-run')).toHaveText('None (schedule stopped)');
  await expect.poll(async () => (await boardTask(request, task.key))?.status).toBe('cancelled');
  expect((await boardTask(request, task.key))?.nextRunAt).toBeNull();
  await page.reload();
  await expect(card(column(page, 'Cancelled'), task.name).getByTestId('next-run')).toHaveText('None (schedule stopped)');
});

test('a card moves with the keyboard (Space, arrows, Space) and a screen reader hears where it went', async ({
  page,
  request,
}) => {
  const task = await quickAdd(request, { name: unique('E2E keyboard') });
  await page.goto('/');
  await waitForBoard(page);
  // Everything the live region says, in order (each announcement replaces the previous one).
  const listen = () =>
    page.evaluate(() => {
      const said: string[] = [];
      (window as unknown as { said: string[] }).said = said;
      new MutationObserver(() => {
        for (const region of Array.from(document.querySelectorAll('[role="status"][aria-live]'))) {
          const text = region.textContent?.trim();
          if (text && said[said.length - 1] !== text) said.push(text);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  await listen();
  const heard = (pattern: string) =>
    expect
      .poll(() => page.evaluate(() => (window as unknown as { said: string[] }).said.join('\n')))
      .toMatch(new RegExp(pattern));
  const name = escape(task.name);
  const handle = page.getByRole('button', { name: `Move “${task.name}”` });
  await handle.focus();
  await page.keyboard.press('Space');
  await heard(`Picked up “${name}” in Todo`);
  await page.keyboard.press('ArrowRight');
  await heard(`“${name}” is over In progress`);
  await page.keyboard.press('ArrowRight');
  await heard(`“${name}” is over In review`);
  await page.keyboard.press('Space');
  await heard(`“${name}” was dropped in In review`);
  await expect(card(column(page, 'In review'), task.name)).toBeVisible();
  // Focus stays on the moved card (not <body>), so the next key press acts on it.
  await expect(page.getByRole('button', { name: `Move “${task.name}”` })).toBeFocused();
  await expect.poll(async () => (await boardTask(request, task.key))?.status).toBe('in_review');

  // Down within the column (Right put it at the top): one place lower, kept by the server.
  const before = await namesIn(page, 'In review');
  const at = before.indexOf(task.name);
  expect(at).toBe(0);
  expect(before.length).toBeGreaterThan(1);
  await page.getByRole('button', { name: `Move “${task.name}”` }).focus();
  await page.keyboard.press('Space');
  await heard(`Picked up “${name}” in In review, position ${at + 1} of ${before.length}`);
  await page.keyboard.press('ArrowDown');
  // The position heard is where the drop lands (2), not where the card was picked up (1).
  await heard(`“${name}” is over In review, position 2 of ${before.length}`);
  await page.keyboard.press('Space');
  await heard(`“${name}” was dropped in In review, position 2 of ${before.length}`);
  // Right below the card that was second (a demo card a run moves may land on top meanwhile).
  const belowSecond = async () => {
    const names = await namesIn(page, 'In review');
    return names.indexOf(task.name) === names.indexOf(before[1]!) + 1;
  };
  await expect.poll(belowSecond).toBe(true);
  await page.reload();
  await waitForBoard(page);
  await expect.poll(belowSecond).toBe(true);
  await listen();

  // Escape cancels a pick-up: the card stays put.
  await page.getByRole('button', { name: `Move “${task.name}”` }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Escape');
  await heard(`Moving “${name}” was cancelled; it is back in In review`);
  await expect(card(column(page, 'In review'), task.name)).toBeVisible();
  expect((await boardTask(request, task.key))?.status).toBe('in_review');
});

test('Space, arrows and Space typed in one go move the card, with the CPU slowed 8×', async ({ page, request }) => {
  const task = await quickAdd(request, { name: unique('E2E quick keys') });
  await page.goto('/');
  await waitForBoard(page);
  // A slow CPU: the pick-up still renders when the arrows arrive (Chromium dispatches input before timers).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
  try {
    await page.getByRole('button', { name: `Move “${task.name}”` }).focus();
    for (const key of ['Space', 'ArrowRight', 'ArrowRight', 'Space']) await page.keyboard.press(key);
    await expect(card(column(page, 'In review'), task.name)).toBeVisible();
  } finally {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.detach();
  }
  await expect.poll(async () => (await boardTask(request, task.key))?.status).toBe('in_review');
});

test('reordering within a column persists across a reload', async ({ page, request }) => {
  const tag = unique('E2E order');
  const [a, b, c] = [
    await quickAdd(request, { name: `${tag} A`, status: 'done' }),
    await quickAdd(request, { name: `${tag} B`, status: 'done' }),
    await quickAdd(request, { name: `${tag} C`, status: 'done' }),
  ];
  const mine = async () => (await namesIn(page, 'Done')).filter((n) => n.startsWith(tag));
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto('/');
  await waitForBoard(page);
  expect(await mine()).toEqual([a.name, b.name, c.name]);

  // C onto the top half of A: C goes first.
  await drag(page, card(column(page, 'Done'), c.name).getByText(c.key), async () => {
    const target = (await card(column(page, 'Done'), a.name).boundingBox())!;
    return { x: target.x + target.width / 2, y: target.y + 10 };
  });
  await expect.poll(mine).toEqual([c.name, a.name, b.name]);
  // A move is the board's business: its boardVersion goes up, the definition's version does not.
  await expect.poll(async () => (await boardTask(request, c.key))?.boardVersion).toBe(c.boardVersion + 1);
  expect(await taskVersion(request, c.key)).toBe(c.version);

  await page.reload();
  await waitForBoard(page);
  expect(await mine()).toEqual([c.name, a.name, b.name]);
});

test('filters live in the URL: they survive a reload and a shared link', async ({ page, browser }) => {
  const task = await quickAdd(page.request, { name: unique('E2E filter') });
  await page.goto('/');
  await waitForBoard(page);
  await page.getByRole('searchbox', { name: 'Search' }).fill(task.name);
  await page.getByRole('combobox', { name: 'Last run' }).selectOption('never');
  await expect(page).toHaveURL(/[?&]q=E2E\+filter/);
  await expect(page).toHaveURL(/[?&]last=never/);
  const only = async (p: Page) => {
    await expect(card(p, task.name)).toBeVisible();
    await expect(p.getByRole('article')).toHaveCount(1);
    await expect(card(p, 'Nightly backup')).toHaveCount(0);
  };
  await only(page);

  await page.reload();
  await waitForBoard(page);
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue(task.name);
  await only(page);

  const shared = await openFresh(browser, page.url());
  await only(shared.page);
  await expect(shared.page.getByRole('combobox', { name: 'Last run' })).toHaveValue('never');
  expect(shared.errors).toEqual([]);
  await shared.close();

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(card(page, 'Nightly backup')).toBeVisible();
});

/** A page in its own browser context (another person, signed in as the e2e operator), with its console errors collected. */
async function openFresh(browser: Browser, url: string, ignore?: RegExp) {
  const context = await newContextAs(browser, 'operator', { baseURL: new URL(url).origin, viewport: { width: 1280, height: 1400 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !(ignore && ignore.test(msg.text()))) errors.push(msg.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await waitForBoard(page);
  return { page, errors, close: () => context.close() };
}

test('two people move the same card: the later one sees the conflict and the board reloads', async ({ browser, baseURL, request }) => {
  // The refused move answers 409, which Chromium logs as a failed resource load: expected here, nothing else is.
  const first = await openFresh(browser, `${baseURL}/`, /status of 409/);
  const second = await openFresh(browser, `${baseURL}/`, /status of 409/);
  // Made by the default (admin) session: quick add defines a task, which needs the editor role; moving it is an operator's.
  const task = await quickAdd(request, { name: unique('E2E conflict') });
  for (const p of [first.page, second.page]) await expect(card(column(p, 'Todo'), task.name)).toBeVisible();

  // The second person picks the card up (the board stops polling while dragging)…
  const source = card(column(second.page, 'Todo'), task.name).getByText(task.key);
  await source.scrollIntoViewIfNeeded(); // the board may be taller than the window: the card is last in Todo
  const box = (await source.boundingBox())!;
  await second.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await second.page.mouse.down();
  await second.page.mouse.move(box.x + box.width / 2 + 8, box.y + box.height / 2 + 8, { steps: 4 });

  // …while the first moves it to In review.
  await drag(
    first.page,
    card(column(first.page, 'Todo'), task.name).getByText(task.key),
    () => centerOf(column(first.page, 'In review')),
  );
  await expect(card(column(first.page, 'In review'), task.name)).toBeVisible();
  await expect.poll(async () => (await boardTask(first.page.request, task.key))?.status).toBe('in_review');

  // The second drops it on Done, based on the version it saw: refused.
  const done = await centerOf(column(second.page, 'Done'));
  await second.page.mouse.move(done.x, done.y, { steps: 12 });
  await second.page.mouse.move(done.x + 1, done.y + 1, { steps: 2 });
  await second.page.mouse.up();
  await expect(second.page.getByText(`Someone else moved “${task.name}” first — the board was reloaded`)).toBeVisible();
  await expect(card(column(second.page, 'In review'), task.name)).toBeVisible();
  await expect(card(column(second.page, 'Done'), task.name)).toHaveCount(0);
  expect((await boardTask(first.page.request, task.key))?.status).toBe('in_review');
  expect(first.errors).toEqual([]);
  expect(second.errors).toEqual([]);
  await first.close();
  await second.close();
});

test('WIP limits show as count / limit and warn when exceeded; quick add lands in its column', async ({ page }) => {
  await page.goto('/');
  await waitForBoard(page);
  const review = column(page, 'In review');
  const name = unique('E2E quick');
  await review.getByRole('button', { name: 'Add a task to In review' }).click();
  const form = page.getByRole('form', { name: 'Add a task to In review' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Command').fill('echo hi');
  await form.getByLabel('Schedule').fill('61 * * * *');
  // Checked as it is typed, by the same parser the server uses; Add refuses it.
  await expect(form.getByText(/^Schedule: .*minute.*61/i)).toBeVisible();
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(form.getByText(/^Schedule: .*minute.*61/i)).toBeVisible();
  await expect(card(review, name)).toHaveCount(0);
  await form.getByLabel('Schedule').fill('daily at 04:00');
  await expect(form.getByText(/04:00/)).toBeVisible();
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(card(review, name)).toBeVisible();
  await expect(card(review, name)).toContainText('04:00');

  await review.getByRole('button', { name: 'WIP limit of In review' }).click();
  await review.getByLabel(/WIP limit of In review/).fill('1');
  await review.getByRole('button', { name: 'Save' }).click();
  const count = await review.getByRole('article').count();
  await expect(review.getByText(`${count} / 1`, { exact: false })).toBeVisible();
  await expect(review.getByText('Over WIP limit')).toBeVisible();
  // (The toasts go first: sonner's rich success colours are the shared toaster's, checked elsewhere.)
  await expect(page.locator('[data-sonner-toast]')).toHaveCount(0, { timeout: 15_000 });
  await expectAccessible(page, 'board with a WIP warning');

  await review.getByRole('button', { name: 'WIP limit of In review' }).click();
  await review.getByLabel(/WIP limit of In review/).fill('');
  await review.getByRole('button', { name: 'Save' }).click();
  await expect(review.getByText('Over WIP limit')).toHaveCount(0);
});

test('a running card dragged to Cancelled asks first; "Cancel the run" stops the run too', async ({ page, request }) => {
  const task = await quickAdd(request, { name: unique('E2E long run'), command: 'sleep 30', status: 'in_progress' });
  await page.goto('/');
  await waitForBoard(page);
  const running = card(column(page, 'In progress'), task.name);
  await expect(running.getByText(/Running · \d+:\d\d/)).toBeVisible({ timeout: 15_000 });

  await drag(page, running.getByText(task.key), () => centerOf(column(page, 'Cancelled')));
  const dialog = page.getByRole('dialog', { name: `“${task.name}” is running` });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, 'cancel-running dialog');
  await dialog.getByRole('button', { name: 'Cancel the run' }).click();
  await expect(dialog).toHaveCount(0);

  const cancelled = card(column(page, 'Cancelled'), task.name);
  await expect(cancelled).toBeVisible();
  // The worker kills the process group; the card stays in Cancelled with the run's outcome.
  await expect(cancelled.getByText(/Running/)).toHaveCount(0, { timeout: 15_000 });
  await expect(cancelled.getByText('cancelled', { exact: true })).toBeVisible();
  expect((await boardTask(request, task.key))?.status).toBe('cancelled');
});

test('swimlanes by priority come from the URL and group the columns', async ({ page }) => {
  await page.goto('/?lanes=priority');
  await waitForBoard(page);
  await expect(page.getByRole('combobox', { name: 'Swimlanes' })).toHaveValue('priority');
  await expect(page.getByRole('heading', { level: 2, name: 'Priority: urgent', exact: true })).toBeVisible();
  await expect(card(page.getByRole('region', { name: 'Todo, Priority: urgent' }), 'Health check')).toBeVisible();
  await expect(card(page.getByRole('region', { name: 'Todo, Priority: high' }), 'Nightly backup')).toBeVisible();
  await expectAccessible(page, 'board with swimlanes');
  await page.getByRole('combobox', { name: 'Swimlanes' }).selectOption('none');
  await expect(page).toHaveURL(/\/$/);
  await expect(card(column(page, 'Todo'), 'Health check')).toBeVisible();
});

for (const theme of ['light', 'dark'] as const) {
  test(`the board is accessible and fits 375 px in the ${theme} theme`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem('cronboard-theme', t), theme);
    await page.goto('/');
    await waitForContent(page, 'board');
    await expectAccessible(page, `board at 1280 px, ${theme}`);
    await page.setViewportSize({ width: 375, height: 812 });
    await expect(column(page, 'Todo')).toBeVisible();
    // Columns scroll sideways inside the board; the page itself does not overflow.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectAccessible(page, `board at 375 px, ${theme}`);
    await page.screenshot({
      path: fileURLToPath(new URL(`./.artifacts/screenshots/board-375-${theme}.png`, import.meta.url)),
      fullPage: true,
      animations: 'disabled',
    });
  });
}
