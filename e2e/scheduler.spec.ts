// The global scheduler switch in the browser: an admin pauses it from the
// header, the banner (since when, by whom) shows on the board and the runs
// page, and on a viewer's page live from the events stream (no reload);
// resuming from the header clears it everywhere.
import { trpc } from './api';
import { E2E_USERS, newContextAs } from './auth-helpers';
import { expect, expectAccessible, test } from './fixtures';
import type { Page } from '@playwright/test';

const banner = (page: Page) => page.getByRole('status').filter({ hasText: 'Scheduler paused' });

test.afterEach(async ({ request }) => {
  // Never leave the shared e2e server's scheduler paused for the specs after this one.
  await trpc(request, 'scheduler.resume', {});
});

test('pausing the scheduler from the header shows the banner on every page, live, and resuming clears it', async ({ page, browser }) => {
  const viewerContext = await newContextAs(browser, 'viewer');
  const viewerPage = await viewerContext.newPage();
  await viewerPage.goto('/workers');
  await expect(viewerPage.getByRole('button', { name: 'Pause scheduler' })).toHaveCount(0);

  await page.goto('/');
  await page.getByRole('button', { name: 'Pause scheduler' }).click();
  await expect(banner(page)).toHaveText(new RegExp(`Scheduler paused since (\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d UTC by ${E2E_USERS.admin.email.replace(/[.]/g, '\\.')} — scheduled runs are not being created`));
  await expect(page.getByRole('button', { name: 'Resume scheduler' })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/runs');
  await expect(banner(page)).toBeVisible();
  // The viewer's page was open before the pause: the stream brought it.
  await expect(banner(viewerPage)).toBeVisible();

  await page.getByRole('button', { name: 'Resume scheduler' }).click();
  await expect(banner(page)).toHaveCount(0);
  await expect(banner(viewerPage)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Pause scheduler' })).toBeVisible();
  await viewerContext.close();
});
