// What an operator may do and may not (issue 18 item 1): signed in as the e2e
// operator, the task page's Run now / Pause / Edit work, Duplicate and Delete
// are disabled with the reason, the edit form lets them change the board fields
// (name, labels…) while what the task runs (command, schedule…) is read-only,
// and the board offers no quick add and the header no New task.
import type { APIRequestContext, BrowserContext } from '@playwright/test';
import { queryPath, trpc, unique } from './api';
import { newContextAs } from './auth-helpers';
import { expect, test } from './fixtures';

const NEEDS_EDITOR = 'Needs the editor role: only editors and admins define what runs';

const getTask = (request: APIRequestContext, key: string) =>
  trpc<{ name: string; command: string | null; version: number }>(request, queryPath('tasks.get', { key }));

let operator: BrowserContext;
test.beforeEach(async ({ browser }) => {
  operator = await newContextAs(browser, 'operator');
});
test.afterEach(async () => {
  await operator.close();
});

test('an operator renames a task on its edit form but cannot change its command, duplicate, delete or create tasks', async ({ request }) => {
  const name = unique('Operator task');
  const key = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  await trpc(request, 'tasks.create', { key, name, kind: 'shell', command: 'echo defined-by-an-editor', schedule: 'manual' });
  const page = await operator.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });

  await page.goto(`/tasks/${key}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const actions = page.getByRole('group', { name: 'Task actions' });
  await expect(actions.getByRole('button', { name: 'Run now', exact: true })).toBeEnabled();
  for (const label of ['Duplicate', 'Delete']) {
    const button = actions.getByRole('button', { name: label, exact: true });
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute('title', NEEDS_EDITOR);
  }
  await expect(page.getByRole('banner').getByRole('link', { name: 'New task' })).toHaveCount(0);

  await actions.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('note')).toContainText('needs the editor role');
  const command = page.getByRole('textbox', { name: /^Command/ });
  await expect(command).toBeDisabled();
  await expect(command).toHaveAttribute('title', NEEDS_EDITOR);
  await expect(page.getByRole('textbox', { name: /^Schedule/ })).toBeDisabled();
  await expect(page.getByRole('radio', { name: 'HTTP request' })).toBeDisabled();
  const nameBox = page.getByRole('textbox', { name: /^Name/ });
  await expect(nameBox).toBeEnabled();
  await nameBox.fill(`${name} renamed`);
  await page.getByRole('textbox', { name: /^Labels/ }).fill('ops');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(`Saved ${name} renamed`)).toBeVisible();
  await expect.poll(async () => (await getTask(request, key)).name).toBe(`${name} renamed`);
  expect((await getTask(request, key)).command).toBe('echo defined-by-an-editor');

  await page.goto('/');
  const quickAdd = page.getByRole('region', { name: 'Todo', exact: true }).getByRole('button', { name: 'Add a task to Todo' });
  await expect(quickAdd).toBeDisabled();
  await expect(quickAdd).toHaveAttribute('title', NEEDS_EDITOR);
  expect(errors).toEqual([]);
});
