// Secret env entries in the browser (issue 18 item 4): made through the form
// (the Secret box ticks itself for API_KEY), shown afterwards only as •••• with
// Replace, kept when the form is saved without replacing, masked as *** in the
// run's stored log, and absent from everything a viewer's browser receives
// (the task page's HTML, its edit page, tasks.detail). Screenshots of the form
// with a stored secret in light and dark at 1280 and 375 px go to
// e2e/.artifacts/screenshots/task-secret-*.png (and SECRETS_SHOTS_DIR when set).
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { newContextAs, SAME_SITE_WRITE } from './auth-helpers';
import { expect, expectAccessible, test } from './fixtures';
import { screenshotPath } from './screenshots';

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

async function detailText(request: APIRequestContext, key: string): Promise<string> {
  const response = await request.get(`/api/trpc/tasks.detail?input=${encodeURIComponent(JSON.stringify({ json: { key } }))}`);
  expect(response.ok()).toBe(true);
  return response.text();
}

test('a secret made in the form is write-only, kept on save, masked in the log, and never reaches a viewer', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const id = unique();
  const secret = `e2e-secret-${id}-value`;
  const key = `e2e-secret-${id}`;

  await page.goto('/tasks/new');
  await expect(page.getByRole('button', { name: /^Switch to (dark|light) theme$/ })).toBeVisible();
  await page.getByRole('textbox', { name: /^Name/ }).fill(`E2E secret ${id}`);
  await page.getByRole('textbox', { name: /^Key/ }).fill(key);
  await page.getByRole('textbox', { name: /^Command/ }).fill('echo "key=$API_KEY level=$LOG_LEVEL"');
  await page.getByRole('textbox', { name: 'Schedule', exact: true }).fill('manual');
  await page.getByRole('button', { name: 'Add variable' }).click();
  await page.getByRole('textbox', { name: 'Environment variable 1 name' }).fill('API_KEY');
  await expect(page.getByRole('checkbox', { name: 'API_KEY is secret' })).toBeChecked();
  const value = page.getByLabel('Environment variable 1 value');
  await expect(value).toHaveAttribute('type', 'password');
  await value.fill(secret);
  await page.getByRole('button', { name: 'Add variable' }).click();
  await page.getByRole('textbox', { name: 'Environment variable 2 name' }).fill('LOG_LEVEL');
  await expect(page.getByRole('checkbox', { name: 'LOG_LEVEL is secret' })).not.toBeChecked();
  await page.getByRole('textbox', { name: 'Environment variable 2 value' }).fill('debug');
  await page.getByRole('button', { name: 'Create task' }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${key}$`));

  // The edit form: •••• and Replace, the plain value as it is; the page never had the secret.
  const edit = await page.goto(`/tasks/${key}/edit`);
  expect(await edit!.text()).not.toContain(secret);
  await expect(page.getByTestId('stored-secret')).toHaveText('••••');
  await expect(page.getByRole('button', { name: 'Replace API_KEY' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Environment variable 2 value' })).toHaveValue('debug');
  await expectAccessible(page, '/tasks/[key]/edit with a stored secret');
  expect(await page.content()).not.toContain(secret);

  for (const [theme, width, suffix] of [
    ['light', 1280, ''],
    ['dark', 1280, ''],
    ['light', 375, '-375'],
    ['dark', 375, '-375'],
  ] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.setViewportSize({ width, height: 900 });
    await page.reload();
    await expect(page.getByTestId('stored-secret')).toBeVisible();
    if (theme === 'dark') await expect(page.locator('html')).toHaveClass(/(^|\s)dark(\s|$)/);
    await page.mouse.move(0, 0);
    const path = screenshotPath(`task-secret${suffix}`, theme);
    await page.getByRole('group', { name: 'Shell command' }).screenshot({ path, animations: 'disabled' });
    if (process.env.SECRETS_SHOTS_DIR) {
      mkdirSync(process.env.SECRETS_SHOTS_DIR, { recursive: true });
      copyFileSync(path, join(process.env.SECRETS_SHOTS_DIR, `task-secret-${theme}${suffix}.png`));
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // Save without replacing: the secret is kept (the run below prints it, masked).
  await page.getByRole('textbox', { name: /^Name/ }).fill(`E2E secret ${id} saved`);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `E2E secret ${id} saved` })).toBeVisible();
  const ran = await page.request.post('/api/trpc/tasks.runNow', { data: { json: { key } }, headers: SAME_SITE_WRITE });
  const runId = ((await ran.json()) as { result: { data: { json: { runId: number } } } }).result.data.json.runId;
  await expect(page.getByTestId('history-row').first()).toContainText('succeeded', { timeout: 30_000 });
  const log = await (await page.request.get(`/api/runs/${runId}/logs/download`)).text();
  expect(log).toContain('key=*** level=debug');
  expect(log).not.toContain(secret);

  // A viewer: the task page's HTML, the edit page and tasks.detail hold no secret value.
  const viewer = await newContextAs(browser, 'viewer');
  try {
    const viewerPage = await viewer.newPage();
    for (const path of [`/tasks/${key}`, `/tasks/${key}/edit`]) {
      const response = await viewerPage.goto(path);
      expect(response!.status(), path).toBe(200);
      expect(await response!.text(), path).not.toContain(secret);
    }
    await expect(viewerPage.getByTestId('stored-secret')).toHaveText('••••');
    expect(await viewerPage.content()).not.toContain(secret);
    const detail = await detailText(viewer.request, key);
    expect(detail).toContain('"API_KEY":{"secret":true}');
    expect(detail).not.toContain(secret);
    expect(detail).not.toContain('enc:v1:');
  } finally {
    await viewer.close();
  }
});
