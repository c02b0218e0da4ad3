// Runs, the run page's live log, workers and activity against the production
// build and a real worker (e2e/server.ts). Tasks and runs for a test are made
// with the CLI (bin/cronboard.mjs) on the e2e database, each with a unique key.
// Screenshots of each page in light and dark, at 1280 and 375 px, go to
// e2e/.artifacts/screenshots/.
import { fileURLToPath } from 'node:url';
import { createShellTask, hydrated, runTask, server, unique } from './cli';
import { expect, expectAccessible, test } from './fixtures';

test('the status filter is in the URL and survives a reload', async ({ page }) => {
  const key = unique('e2e-quick');
  createShellTask(key, 'echo quick');
  const runId = runTask(key);
  await page.goto(`/runs?task=${key}`);
  await hydrated(page);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `#${runId}`, exact: true }) });
  await expect(row).toContainText('succeeded', { timeout: 30_000 });

  const statusNav = page.getByRole('navigation', { name: 'Filter runs by status' });
  await statusNav.getByRole('link', { name: /^succeeded/ }).click();
  await expect(page).toHaveURL(/status=succeeded/);
  await expect(page).toHaveURL(new RegExp(`task=${key}`));
  await page.reload();
  await hydrated(page);
  await expect(statusNav.getByRole('link', { name: /^succeeded/ })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByLabel('Task key')).toHaveValue(key);
  await expect(row).toBeVisible();

  // Another status hides it, and says so.
  await statusNav.getByRole('link', { name: /^failed/ }).click();
  await expect(page).toHaveURL(/status=failed/);
  await expect(page.getByText('No runs match these filters.')).toBeVisible();
  await expectAccessible(page);
});

test('the run page tails the log while the run is running, then shows the final status without a reload', async ({ page }) => {
  const key = unique('e2e-ticks');
  createShellTask(
    key,
    'for i in 1 2 3 4 5 6; do echo "tick $i"; sleep 1; done; echo "done oops" >&2; printf "\\033[32mgreen <b>not html</b>\\033[0m\\n"',
  );
  const runId = runTask(key);
  await page.goto(`/runs/${runId}`);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Run #${runId}`);
  const log = page.getByLabel(`Output of run #${runId}`);
  // Lines appear while the run is still going: an early line is there, the last one not yet.
  await expect(log).toContainText('tick 2', { timeout: 30_000 });
  await expect(log).not.toContainText('tick 6');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('running');
  await expect(page.locator('[data-log-state]')).toHaveAttribute('data-log-state', 'live');
  // …and the rest, then the final status, with no reload.
  await expect(log).toContainText('tick 6', { timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText('succeeded', { timeout: 20_000 });
  await expect(page.locator('[data-log-state]')).toHaveAttribute('data-log-state', 'ended');
  await expect(log.locator('[data-stream="stderr"]')).toContainText('done oops');
  // ANSI colour as a class, markup as text.
  await expect(log.getByText('green <b>not html</b>', { exact: true })).toHaveClass(/text-emerald/);
  await expect(log.locator('b')).toHaveCount(0);
  await expect(page.getByText('Exit', { exact: true }).locator('..')).toContainText('code 0');

  // Download is the log as a text attachment.
  const response = await page.request.get(`/api/runs/${runId}/logs/download`);
  expect(response.headers()['content-type']).toMatch(/^text\/plain/);
  expect(response.headers()['content-disposition']).toBe(`attachment; filename="run-${runId}.log"`);
  expect(await response.text()).toContain('tick 1\ntick 2\n');
  await expectAccessible(page);
});

test('a running run is cancelled from its page', async ({ page }) => {
  const key = unique('e2e-long');
  createShellTask(key, 'echo started; sleep 120');
  const runId = runTask(key);
  await page.goto(`/runs/${runId}`);
  await hydrated(page);
  await expect(page.getByLabel(`Output of run #${runId}`)).toContainText('started', { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText('running');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByText('1 stopping')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('cancelled', { timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Retry', exact: true })).toBeEnabled();
});

test('the workers page shows the e2e worker, alive, with a ticking heartbeat', async ({ page }) => {
  const { workerPid } = server();
  await page.goto('/workers');
  await hydrated(page);
  const row = page.getByRole('row').filter({ hasText: `/ ${workerPid}` });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText('active');
  await expect(row).not.toContainText('lost');
  await expect(row).toContainText(/s ago/);
  await expectAccessible(page);
});

test('activity filters by task and type, in the URL, with readable events linking to the run', async ({ page }) => {
  const key = unique('e2e-activity');
  createShellTask(key, 'echo hello');
  const runId = runTask(key);
  await page.goto('/activity');
  await hydrated(page);
  await page.getByLabel('Task key').fill(key);
  await page.getByLabel('Event type').selectOption('run.started');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`task=${key}.*type=run.started|type=run.started.*task=${key}`));
  const feed = page.getByRole('list', { name: 'Activity, newest first' });
  // One row for the run (issue 15 item 5); its run.started event is behind "Show … events".
  await expect(feed.getByRole('listitem')).toHaveCount(1, { timeout: 30_000 });
  await feed.getByRole('button', { name: new RegExp(`^Show \\d+ events of run #${runId}$`) }).click();
  await expect(feed.getByText(new RegExp(`started run #${runId} of ${key}$`))).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Event type')).toHaveValue('run.started');
  await feed.getByRole('link', { name: `run #${runId}` }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Run #${runId}`);
});

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of runs, a run, workers and activity in the ${theme} theme at 1280 and 375 px`, async ({ page }) => {
    const key = unique('e2e-shot');
    createShellTask(key, 'echo "preparing"; echo "warning: disk 91% full" >&2; echo "all good"');
    const runId = runTask(key);
    await page.addInitScript((t) => localStorage.setItem('cronboard-theme', t), theme);
    const pages = [
      {
        slug: 'runs-list',
        path: '/runs',
        ready: () => expect(page.getByRole('link', { name: `#${runId}`, exact: true })).toBeVisible(),
      },
      {
        slug: 'run-detail',
        path: `/runs/${runId}`,
        ready: () => expect(page.locator('[data-log-state]')).toHaveAttribute('data-log-state', 'ended', { timeout: 30_000 }),
      },
      {
        slug: 'workers',
        path: '/workers',
        ready: () =>
          expect(page.getByRole('row').filter({ hasText: `/ ${server().workerPid}` })).toBeVisible({ timeout: 30_000 }),
      },
      {
        slug: 'activity',
        path: '/activity',
        ready: () => expect(page.getByRole('list', { name: 'Activity, newest first' })).toBeVisible(),
      },
    ];
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: width === 375 ? 812 : 800 });
      for (const p of pages) {
        await page.goto(p.path);
        await hydrated(page);
        if (theme === 'dark') await expect(page.locator('html')).toHaveClass(/(^|\s)dark(\s|$)/);
        await p.ready();
        // Nothing wider than the screen except inside the scrolling table boxes.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${p.path} fits ${width} px`).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: fileURLToPath(new URL(`./.artifacts/screenshots/${p.slug}-${theme}-${width}.png`, import.meta.url)),
          fullPage: true,
        });
        if (width === 1280) await expectAccessible(page, `${p.path} (${theme})`);
      }
    }
  });
}
