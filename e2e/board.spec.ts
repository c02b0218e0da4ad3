// The board and the app shell against the production build, one worker and the
// demo tasks (see e2e/server.ts). Every test fails on a console error or an
// uncaught page error. The screenshots test saves each page in light and dark
// to e2e/.artifacts/screenshots/<page>-<theme>.png (docs/screenshots/ with UPDATE_SCREENSHOTS=1).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';

const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`console error on ${page.url()}: ${msg.text()} (${msg.location().url || 'no source'})`);
      });
      page.on('pageerror', (error) => errors.push(`page error on ${page.url()}: ${error.message}`));
      await use(errors);
      expect(errors, 'no console errors or uncaught page errors').toEqual([]);
    },
    { auto: true },
  ],
});

const COLUMNS = ['Todo', 'In progress', 'In review', 'Done', 'Cancelled'] as const;

const SEEDED: { name: string; column: (typeof COLUMNS)[number] }[] = [
  { name: 'Nightly backup', column: 'Todo' },
  { name: 'Health check', column: 'Todo' },
  { name: 'Rotate API keys', column: 'Todo' },
  { name: 'Weekly report', column: 'In review' },
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

/** Waits for what each page loads, so screenshots show content rather than skeletons. */
async function waitForContent(page: Page, slug: (typeof PAGES)[number]['slug']) {
  await waitForHydration(page);
  if (slug === 'board') {
    for (const { name, column } of SEEDED) {
      await expect(page.getByRole('region', { name: column }).getByRole('article', { name: new RegExp(escape(name)) })).toBeVisible();
    }
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
  for (const { name, column } of SEEDED) {
    const card = page.getByRole('region', { name: column, exact: true }).getByRole('article', { name: new RegExp(escape(name)) });
    await expect(card, `"${name}" is in ${column}`).toBeVisible();
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

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of every page in the ${theme} theme`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem('cronboard-theme', t), theme);
    for (const { slug, path } of PAGES) {
      await page.goto(path);
      await waitForContent(page, slug);
      if (theme === 'dark') await expect(page.locator('html')).toHaveClass(/(^|\s)dark(\s|$)/);
      else await expect(page.locator('html')).not.toHaveClass(/(^|\s)dark(\s|$)/);
      await page.screenshot({
        // Every run writes e2e/.artifacts/screenshots/ (not in git; the times on the pages change);
        // UPDATE_SCREENSHOTS=1 refreshes the committed copies in docs/screenshots/.
        path: fileURLToPath(new URL(`${process.env.UPDATE_SCREENSHOTS ? '../docs/screenshots' : './.artifacts/screenshots'}/${slug}-${theme}.png`, import.meta.url)),
        fullPage: true,
        animations: 'disabled',
      });
    }
  });
}
