// Issue 15 items 4–7 in Chromium against the built app and a real worker: the
// quiet activity feed (one row per run, its events behind it, failures marked,
// the worker's moves on request), readable logs (search, line times, Follow
// off, command and exit status, title, Back), the upcoming timeline with its
// herd, the command palette and the runs filter by task name and quick range.
// Each view is checked with axe in light and dark, fits 375 px, and is shot
// into docs/screenshots/ with UPDATE_SCREENSHOTS=1.
import type { Page } from '@playwright/test';
import { createShellTask, hydrated, runTask, unique } from './cli';
import { expect, expectAccessible, test } from './fixtures';
import { savePageScreenshot, type Theme } from './screenshots';

const THEMES: Theme[] = ['light', 'dark'];

// Several CLI calls and page loads per test on a loaded 2-core machine.
test.describe.configure({ timeout: 120_000 });

async function inTheme(page: Page, theme: Theme) {
  await page.addInitScript((t) => localStorage.setItem('cronboard-theme', t), theme);
}

async function fitsPhone(page: Page, what: string) {
  await page.setViewportSize({ width: 375, height: 812 });
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { message: `${what} fits 375 px` })
    .toBeLessThanOrEqual(0);
}

/** A shell task of this test's own (key `prefix-…`, named `label` and the key's last 4 characters), run once from the CLI. */
function freshRun(prefix: string, label: string, command: string) {
  const key = unique(prefix);
  const name = `${label} ${key.slice(-4)}`;
  createShellTask(key, command, { name });
  return { key, name, runId: runTask(key) };
}

/** freshRun, then its task's activity feed in `theme`. */
async function activityOfFreshRun(page: Page, theme: Theme, prefix: string, label: string, command: string) {
  const run = freshRun(prefix, label, command);
  await inTheme(page, theme);
  await page.goto(`/activity?task=${run.key}`);
  await hydrated(page);
  return run;
}

async function finished(page: Page) {
  await expect(page.locator('[data-log-state]')).toHaveAttribute('data-log-state', 'ended', { timeout: 30_000 });
}

for (const theme of THEMES) {
  test(`activity: a failed run is one highlighted row that opens into its events (${theme})`, async ({ page }) => {
    const { name, runId } = await activityOfFreshRun(page, theme, 'e2e-feed', 'Feed', 'echo boom >&2; exit 3');
    const feed = page.getByRole('list', { name: 'Activity, newest first' });
    const row = feed.locator(':scope > li').filter({ hasText: `Run #${runId} of ${name} failed after` });
    await expect(row).toContainText(/exit code 3/, { timeout: 30_000 });
    await expect(row).toHaveAttribute('data-failed', 'true');
    // The run and the task's creation: two rows, not the five events of the run.
    await expect(feed.locator(':scope > li')).toHaveCount(2);
    await row.getByRole('button', { name: `Show 5 events of run #${runId}` }).click();
    const events = row.getByRole('list', { name: `Events of run #${runId}` });
    await expect(events.getByRole('listitem')).toHaveCount(5);
    await expect(events).toContainText(`queued run #${runId} of ${name}`);
    await expect(events).toContainText(`moved ${name} to In review`);
    await expectAccessible(page, `activity (${theme})`);
    if (theme === 'light' || process.env.UPDATE_SCREENSHOTS) await savePageScreenshot(page, 'activity-grouped', theme);

    // Asked for, the worker's board moves get rows of their own.
    await row.getByRole('button', { name: `Hide 5 events of run #${runId}` }).click();
    await page.getByLabel('Show the worker’s board moves').check();
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/moves=worker/);
    await expect(feed.locator(':scope > li').filter({ hasText: `moved ${name} to In review` })).toHaveCount(1);
    await expect(feed.locator(':scope > li')).toHaveCount(4);
    await fitsPhone(page, '/activity');
    if (theme === 'light' || process.env.UPDATE_SCREENSHOTS) await savePageScreenshot(page, 'activity-375', theme);
  });

  test(`run page: command, exit status, title, searchable log with line times, Back to where you came from (${theme})`, async ({ page }) => {
    // The words searched for are only in the output, not in the command line (which the log's first system line repeats).
    const command = 'x=rr; echo "step one ok"; echo "step two E${x}OR here" >&2; echo "step three e${x}or again"; echo done';
    const { key, name, runId } = await activityOfFreshRun(page, theme, 'e2e-log', 'Log', command);
    await page.getByRole('list', { name: 'Activity, newest first' }).getByRole('link', { name: `run #${runId}` }).first().click();
    await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
    await finished(page);
    await expect(page).toHaveTitle(new RegExp(`^Run #${runId} of ${name}`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`of ${name}`);
    await expect(page.getByTitle('What the task runs (its current definition)')).toContainText('echo "step one ok"; echo "step two E${x}OR here" >&2;');
    await expect(page.locator('[data-run-outcome]')).toHaveText(/^Exit status: exit code 0 after /);
    const follow = page.getByLabel('Follow');
    await expect(follow).not.toBeChecked();
    await expect(follow).toBeDisabled();

    const search = page.getByRole('searchbox', { name: 'Search the log' });
    await search.fill('error');
    const count = page.locator('[data-match-count]');
    await expect(count).toHaveText('1 of 2');
    const log = page.getByLabel(`Output of run #${runId}`);
    await expect(log.locator('mark')).toHaveCount(2);
    // stdout and stderr are separate pipes: which of the two lines came first is up to the worker's reads.
    const current = log.locator('mark[data-current-match]');
    await expect(current).toHaveText(/^error$/i);
    const firstLine = await current.locator('xpath=ancestor::*[@data-line]').getAttribute('data-line');
    await page.getByRole('button', { name: 'Next match' }).click();
    await expect(count).toHaveText('2 of 2');
    await expect(current).toHaveCount(1);
    await expect(current.locator('xpath=ancestor::*[@data-line]')).not.toHaveAttribute('data-line', firstLine!);
    await search.press('Enter');
    await expect(count).toHaveText('1 of 2');
    await search.press('Shift+Enter');
    await expect(count).toHaveText('2 of 2');
    await page.getByRole('button', { name: 'Previous match' }).click();
    await expect(count).toHaveText('1 of 2');
    await search.fill('nowhere');
    await expect(count).toHaveText('no matches');
    await search.fill('step');

    await page.getByLabel('Times').check();
    await expect(log.locator('[data-line-time]')).toHaveCount(await log.locator('[data-line]').count());
    await expect(log.locator('[data-line-time]').first()).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);
    await expectAccessible(page, `run page (${theme})`);
    if (theme === 'light' || process.env.UPDATE_SCREENSHOTS) await savePageScreenshot(page, 'run-page-search', theme);
    await fitsPhone(page, `/runs/${runId}`);
    if (theme === 'light' || process.env.UPDATE_SCREENSHOTS) await savePageScreenshot(page, 'run-page-375', theme);
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole('link', { name: '← Back to activity' }).click();
    await expect(page).toHaveURL(new RegExp(`/activity\\?task=${key}$`));
  });

  test(`upcoming: the next 24 h by hour with the midnight herd, filtered, 7 days (${theme})`, async ({ page }) => {
    const prefix = unique('e2e-herd');
    for (let i = 0; i < 5; i++) createShellTask(`${prefix}-${i}`, 'true', { name: `Herd ${prefix.slice(-4)} ${i}`, schedule: '0 0 * * *' });
    // Twice an hour, never at 00:00: an interval of 30 minutes made at :00 or :30 fires at midnight too (a 6-run herd).
    createShellTask(`${prefix}-poll`, 'true', { name: `Poll ${prefix.slice(-4)}`, schedule: '15,45 * * * *' });
    await inTheme(page, theme);
    await page.goto(`/upcoming?q=${prefix}`);
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Upcoming runs' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Next 24 hours' })).toHaveAttribute('aria-current', 'page');
    const herds = page.getByRole('region', { name: 'Busiest minutes' });
    await expect(herds).toContainText(/00:00 UTC: 5 runs start at once/);
    const hours = page.getByRole('list', { name: 'Upcoming runs by hour' });
    const midnight = hours.locator(':scope > li').filter({ hasText: '5 at once at 00:00' });
    await expect(midnight).toHaveCount(1);
    await expect(midnight.getByRole('link', { name: `Herd ${prefix.slice(-4)} 0` })).toBeVisible();
    await expect(page.locator('[data-timeline-summary]')).toContainText(/^(53|54) runs of 6 tasks/);
    await expectAccessible(page, `upcoming (${theme})`);
    if (theme === 'light' || process.env.UPDATE_SCREENSHOTS) await savePageScreenshot(page, 'upcoming', theme);

    await page.getByLabel('Search').fill(`${prefix}-poll`);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.locator('[data-timeline-summary]')).toContainText(/^(48|49) runs of 1 task/);
    await page.getByRole('link', { name: 'Next 7 days' }).click();
    await expect(page).toHaveURL(/window=7d/);
    await expect(page.locator('[data-timeline-summary]')).toContainText(/^(200) runs of 1 task/);
    await expect(page.getByRole('note')).toContainText(`Counted up to 200 runs per task: Poll ${prefix.slice(-4)}`);
    await fitsPhone(page, '/upcoming');
    if (theme === 'light' || process.env.UPDATE_SCREENSHOTS) await savePageScreenshot(page, 'upcoming-375', theme);
  });
}

test('the palette jumps to a task by name and a run by id, goes to pages and runs the focused card now', async ({ page }) => {
  const { key, name, runId } = freshRun('e2e-pal', 'Palette', 'echo from the palette');
  await page.goto('/');
  await hydrated(page);
  const dialog = page.getByRole('dialog', { name: 'Find anything' });

  await page.keyboard.press('Control+k');
  await expect(dialog).toBeVisible();
  await expectAccessible(page, 'palette open');
  await dialog.getByRole('combobox').fill(name.toLowerCase());
  await expect(dialog.getByRole('option', { name: new RegExp(name) })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/tasks/${key}$`));
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: /^Find/ }).click();
  await dialog.getByRole('combobox').fill(`#${runId}`);
  await expect(dialog.getByRole('option', { name: new RegExp(`Run #${runId} of ${name}`) })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));

  await page.keyboard.press('Control+k');
  await dialog.getByRole('combobox').fill('upcoming');
  await expect(dialog.getByRole('option', { name: 'Go to upcoming runs' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/upcoming$/);

  // Run now on the task whose page is open (a focused board card works the same way).
  await page.goto(`/tasks/${key}`);
  await hydrated(page);
  await page.keyboard.press('Control+k');
  await dialog.getByRole('combobox').fill('run now');
  await expect(dialog.getByRole('option', { name: `Run now: ${key}` })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByText(new RegExp(`^Queued run #\\d+ of ${key}$`))).toBeVisible();
  // Escape closes it and focus goes back.
  await page.keyboard.press('Control+k');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('the runs filter takes a task by name and quick ranges, dates in UTC', async ({ page }) => {
  const { key, name, runId } = freshRun('e2e-rf', 'Filter', 'true');
  await page.goto('/runs');
  await hydrated(page);
  const box = page.getByLabel('Task key or name');
  await box.fill(name.toLowerCase());
  await expect(page.locator('datalist option', { hasText: name })).toHaveCount(1);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`task=${key}`));
  await expect(page.getByRole('link', { name: `#${runId}`, exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Last hour' }).click();
  await expect(page).toHaveURL(/from=\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A00\.000Z/);
  const from = new URL(page.url()).searchParams.get('from')!;
  // The date box shows the same instant in UTC.
  await expect(page.getByLabel('Queued from (UTC)')).toHaveValue(from.slice(0, 16));
  await expect(page.getByRole('link', { name: `#${runId}`, exact: true })).toBeVisible();
  await expectAccessible(page, 'runs filter');
});
