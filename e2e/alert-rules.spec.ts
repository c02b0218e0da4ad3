// Alert rules from the web pages (issue 13 item 4): an admin adds a
// failures:1 rule from the task page, finds it on /alerts, switches it off (a
// failed run opens nothing) and on (the next failed run shows the card's
// badge); a bad Slack URL is refused under its field; screenshots of the form.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { queryPath, trpc } from './api';
import { createShellTask, hydrated, runTask, unique } from './cli';
import { expect, expectAccessible, test } from './fixtures';
import { savePageScreenshot } from './screenshots';

async function runFails(request: APIRequestContext, key: string): Promise<number> {
  const id = runTask(key);
  await expect.poll(async () => (await trpc<{ status: string }>(request, queryPath('runs.get', { id }))).status, { timeout: 45_000 }).toBe('failed');
  return id;
}

const openIncidents = async (request: APIRequestContext, key: string) =>
  (await trpc<{ incidents: { reason: string }[] }>(request, queryPath('alerts.forTask', { key }))).incidents;

/** A rule's row, found by what it says (other specs' rules are on the page too). */
const ruleRow = (page: Page | Locator, key: string) => page.getByTestId('alert-rule').filter({ hasText: `task ${key}` });

test('an admin adds a failures:1 rule from the task page; switched off, a failed run opens nothing; switched on, the next failure shows the badge', async ({ page, request }) => {
  test.setTimeout(150_000);
  const key = unique('rule-ui');
  createShellTask(key, 'exit 3', { name: `Rule UI ${key}` });

  await page.goto(`/tasks/${key}`);
  await hydrated(page);
  const section = page.getByTestId('task-alerts');
  await section.getByRole('button', { name: 'Add rule for this task' }).click();
  const form = section.getByRole('form', { name: `Add an alert rule for ${key}` });
  await expect(form.getByLabel('When')).toHaveValue('failures');
  await expect(form.getByLabel('Failures in a row')).toHaveValue('1');
  await form.getByLabel('Email address').fill('ops@example.com');
  await form.getByRole('button', { name: 'Add rule for this task' }).click();
  const onTaskPage = ruleRow(section, key);
  await expect(onTaskPage).toContainText('failures:1');
  await expect(onTaskPage).toContainText('email ops@example.com');
  await expectAccessible(page, `/tasks/${key} with its Alerts`);

  await page.goto('/alerts');
  await hydrated(page);
  const row = ruleRow(page, key);
  const toggle = row.getByRole('switch', { name: `Enabled: failures:1 for task ${key}` });
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');

  await runFails(request, key);
  // The evaluators (web and worker) judge new events every 2 s: after a few passes, still nothing.
  await page.waitForTimeout(6_000);
  expect(await openIncidents(request, key)).toEqual([]);

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  const second = await runFails(request, key);
  await expect.poll(async () => (await openIncidents(request, key)).map((i) => i.reason), { timeout: 45_000 }).toEqual([expect.stringMatching(new RegExp(`^run #${second} failed`))]);

  await page.goto('/');
  await hydrated(page);
  const card = page.getByRole('article', { name: new RegExp(`Rule UI ${key}`) });
  await expect(async () => {
    await card.scrollIntoViewIfNeeded({ timeout: 2_000 });
    await expect(card.getByTestId('card-alert')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 45_000 });

  // Remove asks first; kept, the rule stays; removed, it goes.
  await page.goto('/alerts');
  await hydrated(page);
  await ruleRow(page, key).getByRole('button', { name: /^Remove/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove this alert rule?' });
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(ruleRow(page, key)).toHaveCount(1);
  await ruleRow(page, key).getByRole('button', { name: /^Remove/ }).click();
  await dialog.getByRole('button', { name: 'Remove rule' }).click();
  await expect(ruleRow(page, key)).toHaveCount(0);
});

for (const theme of ['light', 'dark'] as const) {
  test(`a bad Slack URL is refused under its field, with the server's message (${theme}; screenshots at 1280 and 375 px)`, async ({ page, consoleErrors }) => {
    await page.addInitScript((t) => localStorage.setItem('cronboard-theme', t), theme);
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
      await page.goto('/alerts');
      // The rules are fetched by the browser: once their list replaces the placeholder, the page is hydrated.
      await expect(page.getByRole('heading', { name: 'Rules' })).toBeVisible();
      await expect(page.getByRole('status', { name: 'Loading rules' })).toHaveCount(0, { timeout: 30_000 });
      await page.locator('summary', { hasText: 'Add rule' }).click();
      const form = page.getByRole('form', { name: 'Add an alert rule' });
      await form.getByLabel('Send to').selectOption('slack');
      const url = form.getByLabel('Slack webhook URL');
      await url.fill('ftp://hooks.example.com/services/T/B/X');
      await form.getByRole('button', { name: 'Add rule' }).click();
      await expect(url).toHaveAttribute('aria-invalid', 'true');
      const error = form.locator(`[data-field-error="${await url.getAttribute('id')}"]`);
      await expect(error).toHaveText('only http and https URLs are allowed, not ftp');
      // The refusal is a 400 the browser logs: expected here, and only that.
      const refused = consoleErrors.filter((e) => /status of 400 \(Bad Request\).*alerts\.create/.test(e));
      expect(refused).toHaveLength(1);
      consoleErrors.splice(consoleErrors.indexOf(refused[0]!), 1);
      await page.mouse.move(0, 0); // not hovering the button (its hover shade is not what axe should judge)
      await expectAccessible(page, `/alerts add-rule form at ${width} px, ${theme}`);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      expect(scrollWidth, `the page is ${scrollWidth} px wide in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
      await page.evaluate(() => window.scrollTo(0, 0)); // a full-page shot from the top (the sticky header stays at the top)
      await savePageScreenshot(page, width === 375 ? 'alert-rule-form-375' : 'alert-rule-form', theme);
    }
  });
}
