// Chains (issue 13 item 6) in Chromium against the built app and a real
// worker: "Run after" set on B in the task form, a cycle refused under the
// field with its path, "Triggered by" / "Triggers" on both task pages, the chain
// mark on both cards, and running A starts B (trigger event). Screenshots of the
// task page's Chain section and of a marked card, light and dark, and at 375 px.
import type { Locator, Page } from '@playwright/test';
import { createShellTask, hydrated, runTask, unique } from './cli';
import { expect, expectAccessible, test } from './fixtures';
import { screenshotPath, type Theme } from './screenshots';

test.describe.configure({ timeout: 120_000 });

async function inTheme(page: Page, theme: Theme) {
  await page.addInitScript((t) => localStorage.setItem('cronboard-theme', t), theme);
}

/** Scrolls into view, again if a live refetch replaced the element meanwhile. */
async function show(target: Locator) {
  await expect(async () => {
    await target.scrollIntoViewIfNeeded({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

async function setRunAfter(page: Page, key: string, after: string, shot?: Theme) {
  await page.goto(`/tasks/${key}/edit`);
  await hydrated(page);
  await page.getByRole('radio', { name: 'Run after another task' }).check();
  await page.getByRole('combobox', { name: 'Run after' }).fill(after);
  await page.getByRole('combobox', { name: 'When it' }).selectOption('succeeded');
  await expect(page.getByTestId('schedule-description')).toHaveText(`After ${after} succeeds`);
  if (shot) await page.getByRole('group', { name: 'Schedule' }).screenshot({ path: screenshotPath('task-run-after', shot), animations: 'disabled' });
  await page.getByRole('button', { name: 'Save changes' }).click();
}

test('Run after: B set to run after A in the form; A shows "Triggers B"; both cards marked; running A starts B', async ({ page, consoleErrors }) => {
  const a = unique('chain-a');
  const b = unique('chain-b');
  const nameA = `Chain A ${a.slice(-4)}`;
  const nameB = `Chain B ${b.slice(-4)}`;
  createShellTask(a, 'true', { name: nameA });
  createShellTask(b, 'echo after', { name: nameB, schedule: 'daily at 02:00' });

  await setRunAfter(page, b, a);
  await expect(page).toHaveURL(new RegExp(`/tasks/${b}$`));
  const chainOfB = page.getByRole('region', { name: 'Chain' });
  await expect(chainOfB.getByRole('link', { name: nameA })).toBeVisible();
  await expect(chainOfB).toContainText(`${nameA} when it succeeds`);
  await expect(page.getByText(`After ${a} succeeds`).first()).toBeVisible();

  await page.goto(`/tasks/${a}`);
  await hydrated(page);
  const chainOfA = page.getByRole('region', { name: 'Chain' });
  await expect(chainOfA.getByRole('list', { name: 'Tasks that run after this one' })).toHaveText(`${nameB} after it succeeds`);
  await expect(chainOfA.getByRole('link', { name: nameB })).toHaveAttribute('href', `/tasks/${b}`);

  // A after B would close a loop: refused under the task box, with the path.
  await setRunAfter(page, a, b);
  await expect(page.getByTestId('schedule-error')).toContainText(new RegExp(`cycle: ${a} → ${b} → ${a}`, 'i'));
  await expect(page).toHaveURL(new RegExp(`/tasks/${a}/edit$`));
  // The refused save is the one expected console error (the browser logs the 400).
  const unexpected = consoleErrors.filter((e) => !/status of 400 .*tasks\.update/.test(e));
  consoleErrors.splice(0, consoleErrors.length, ...unexpected);

  await page.goto('/');
  await hydrated(page);
  const cardA = page.getByRole('article', { name: nameA });
  const cardB = page.getByRole('article', { name: nameB });
  await show(cardA);
  await expect(cardA.getByRole('img', { name: `Starts ${b}` })).toBeVisible();
  await show(cardB);
  await expect(cardB.getByRole('img', { name: `Runs after ${a}` })).toBeVisible();

  runTask(a);
  await page.goto(`/tasks/${b}`);
  await hydrated(page);
  const row = page.getByTestId('history-row').first();
  await expect(row).toContainText('event', { timeout: 45_000 });
  await expect(row).toContainText('succeeded', { timeout: 30_000 });
});

for (const theme of ['light', 'dark'] as const) {
  test(`the Chain section and the card's chain mark are accessible and fit 375 px (${theme})`, async ({ page }) => {
    const a = unique('chain-shot');
    const b = unique('chain-next');
    const nameA = `Nightly export ${a.slice(-4)}`;
    createShellTask(a, 'true', { name: nameA });
    createShellTask(b, 'true', { name: `Report mail ${b.slice(-4)}` });
    await inTheme(page, theme);
    await setRunAfter(page, b, a, theme);
    await expect(page).toHaveURL(new RegExp(`/tasks/${b}$`));
    const section = page.getByRole('region', { name: 'Chain' });
    await expect(section.getByRole('link', { name: nameA })).toBeVisible();
    await expectAccessible(page, `task page with a chain (${theme})`);
    await section.screenshot({ path: screenshotPath('task-chain', theme), animations: 'disabled' });

    await page.setViewportSize({ width: 375, height: 812 });
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { message: 'task page fits 375 px' })
      .toBeLessThanOrEqual(0);
    await show(section);
    await section.screenshot({ path: screenshotPath('task-chain-375', theme), animations: 'disabled' });

    await page.goto('/');
    await hydrated(page);
    const card = page.getByRole('article', { name: nameA });
    await show(card);
    await expect(card.getByRole('img', { name: `Starts ${b}` })).toBeVisible();
    await card.screenshot({ path: screenshotPath('card-chain-375', theme), animations: 'disabled' });
  });
}
