// Alerts (issue 13): a failures rule on a task; its run fails, a red badge
// appears on its card (and a count in the header, an open incident on the
// Alerts page), and goes when the next run succeeds.
import type { Locator } from '@playwright/test';
import { cli, createShellTask, hydrated, runTask, unique } from './cli';
import { expect, expectAccessible, test } from './fixtures';

/** Scrolls a card into view, again if the board re-rendered it meanwhile (a live refetch replaces the element). */
async function show(card: Locator) {
  await expect(async () => {
    await card.scrollIntoViewIfNeeded({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

test('an alert badge appears on a card after its run fails, with the header count and the incident on the Alerts page, and goes when the next run succeeds', async ({ page }) => {
  test.setTimeout(120_000);
  const key = unique('alerting');
  createShellTask(key, 'exit 3', { name: `Alerting ${key}` });
  cli(['alert', 'add', '--task', key, '--when', 'failures', '--email', 'ops@example.com']);

  await page.goto('/');
  await hydrated(page);
  const card = page.getByRole('article', { name: new RegExp(`Alerting ${key}`) });
  await show(card);
  await expect(card.getByTestId('card-alert')).toHaveCount(0);
  runTask(key);
  await show(card);
  await expect(card.getByTestId('card-alert')).toBeVisible({ timeout: 45_000 });
  await expect(card.getByTestId('card-alert')).toHaveText(/Alert/);
  await expect(page.getByTestId('alert-count')).toBeVisible();

  await page.getByTestId('alert-count').click();
  await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
  const incident = page.getByTestId('open-incident').filter({ hasText: key });
  await expect(incident).toContainText('failed');
  await expectAccessible(page, '/alerts');

  // The next run succeeds: the incident resolves and the badge goes, live (no reload).
  await page.goto('/');
  await hydrated(page);
  const healed = page.getByRole('article', { name: new RegExp(`Alerting ${key}`) });
  await show(healed);
  await expect(healed.getByTestId('card-alert')).toBeVisible();
  cli(['update', key, '--command', 'true']);
  runTask(key);
  await expect(healed.getByTestId('card-alert')).toHaveCount(0, { timeout: 45_000 });
});
