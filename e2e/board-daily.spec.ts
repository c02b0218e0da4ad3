// The board for daily use, on the demo data (e2e/server.ts seeds it): a
// failing card you cannot miss, run history strips, the task page's last
// failure, a run that does not exist, and the task page's next fire times
// from the task's own nextRunAt; the runs table's Error column, and the
// header's live count of failing tasks linking to the filtered board.
import type { APIRequestContext } from '@playwright/test';
import { queryPath, trpc, unique } from './api';
import { expect, expectAccessible, test } from './fixtures';

test('a failing card stands out: red edge, icon, failing since, its stderr line; its strip links to its runs', async ({ page }) => {
  await page.goto('/');
  const failing = page.getByRole('article', { name: /Sync invoices/ });
  await expect(failing).toHaveAttribute('data-failing', 'true');
  await expect(failing.getByTestId('card-failure')).toContainText('Failing since');
  await expect(failing.getByTestId('card-failure')).toContainText('error: could not resolve host billing.example.invalid');
  const strip = failing.getByRole('list', { name: /Last \d+ runs of “Sync invoices”/ });
  const runs = strip.getByRole('link');
  expect(await runs.count()).toBeGreaterThanOrEqual(5);
  // Oldest to newest: the newest is a failure, and its title says when and how long (UTC).
  await expect(runs.last()).toHaveAttribute('title', /^Run #\d+ failed, started \d{4}-\d\d-\d\d \d\d:\d\d UTC, took 0\.2 s$/);
  await expectAccessible(page, '/ (light)');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expectAccessible(page, '/ (dark)');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();

  await runs.last().click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);

  // The task page: the last failure with the last lines of its stderr.
  await page.goto('/tasks/sync-invoices');
  await expect(page.getByRole('heading', { level: 2, name: 'Last failure' })).toBeVisible();
  await expect(page.getByTestId('last-failure-stderr')).toHaveText(
    'error: could not resolve host billing.example.invalid\nsync aborted after 0 of 312 invoices',
  );
  await expectAccessible(page, '/tasks/sync-invoices');
});

test('a run that does not exist is a not-found page, like a task that does not', async ({ page, consoleErrors }) => {
  const response = await page.goto('/runs/99999');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'No such run' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'All runs' })).toBeVisible();
  await expect(page.getByText('The live log stopped')).toHaveCount(0);
  await expectAccessible(page, '/runs/99999');
  await page.goto('/tasks/no-such-task-here');
  await expect(page.getByRole('heading', { name: 'No such task' })).toBeVisible();
  // The two 404s are the point of this test: Chromium logs them as failed loads; nothing else may be logged.
  const unexpected = consoleErrors.filter((e) => !/status of 404/.test(e));
  consoleErrors.splice(0, consoleErrors.length, ...unexpected);
});

test('an interval task page lists its fire times from its real next run, on whole minutes', async ({ page }) => {
  const key = `e2e-interval-${Date.now().toString(36)}`;
  await trpc(page.request, 'tasks.create', { key, name: `E2E interval ${key}`, kind: 'shell', command: 'true', schedule: 'every 10 minutes' });
  const task = await trpc<{ nextRunAt: string }>(page.request, queryPath('tasks.get', { key }));
  const next = new Date(task.nextRunAt);
  expect(next.getUTCSeconds()).toBe(0);
  await page.goto(`/tasks/${key}`);
  const times = page.getByRole('list', { name: 'Next fire times' }).getByRole('listitem');
  await expect(times).toHaveCount(5);
  // The first is the task's own nextRunAt (UTC here), the next ten minutes after it.
  const hhmm = (d: Date) => d.toISOString().slice(11, 16);
  await expect(times.first()).toContainText(hhmm(next));
  await expect(times.nth(1)).toContainText(hhmm(new Date(next.getTime() + 600_000)));
});

/** A shell task that fails with exit code 3 after a line on stderr, run once and finished; its run's id. */
async function failedRun(request: APIRequestContext, name: string) {
  const task = await trpc<{ key: string }>(request, 'board.quickAdd', {
    name,
    status: 'todo',
    command: 'echo "quota exceeded on /data" >&2; exit 3',
    schedule: 'manual',
  });
  const { runId } = await trpc<{ runId: number }>(request, 'tasks.runNow', { key: task.key });
  const history = () => trpc<{ items: { id: number; status: string }[] }>(request, queryPath('tasks.history', { key: task.key }));
  await expect.poll(async () => (await history()).items[0]?.status, { timeout: 30_000 }).toBe('failed');
  return { key: task.key, runId };
}

test('the runs table names each failed run\'s first stderr line and how it ended, and marks failed rows with an icon, not colour alone', async ({ page, request }) => {
  const name = unique('E2E error column');
  const { runId } = await failedRun(request, name);
  await page.goto('/runs');
  const table = page.getByRole('table', { name: 'Runs, newest first' });
  await expect(table.getByRole('columnheader', { name: 'Error' })).toBeVisible();
  const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: `#${runId}`, exact: true }) });
  await expect(row).toHaveAttribute('data-failed', 'true');
  await expect(row.getByRole('cell').filter({ hasText: 'exit code 3' })).toBeVisible();
  // The Error column leads with what the task said: the first line of its stderr.
  await expect(row.locator('td[data-label="Error"]')).toHaveText(/^quota exceeded on \/data · .*exit code 3/);
  await expect(row.locator('td[data-label="Status"] svg')).toBeVisible();
  await expect(row.locator('td[data-label="Status"]')).toContainText('failed');
  // A succeeded run says nothing in the Error column and is not marked.
  const ok = table.getByRole('row').filter({ hasText: 'succeeded' }).first();
  await expect(ok).not.toHaveAttribute('data-failed', 'true');
  await expect(ok.locator('td[data-label="Error"]')).toHaveText('—');
  await expectAccessible(page, '/runs with a failed run');
});

test('the header counts failing tasks live and links to the board filtered to them', async ({ page, request }) => {
  const failingNow = async () => (await trpc<{ count: number }>(request, 'board.failingCount')).count;
  await page.goto('/runs');
  const count = page.getByRole('banner').getByRole('link', { name: /failing task/ });
  // The demo's Sync invoices is failing from the start.
  const before = await failingNow();
  expect(before).toBeGreaterThan(0);
  await expect(count).toHaveAccessibleName(`${before} failing task${before === 1 ? '' : 's'}`);

  // A new task fails while the page is open: the count goes up without a reload.
  const name = unique('E2E failing count');
  await failedRun(request, name);
  await expect.poll(failingNow).toBe(before + 1);
  await expect(count).toHaveAccessibleName(`${before + 1} failing tasks`, { timeout: 15_000 });

  await count.click();
  await expect(page).toHaveURL(/\/\?last=failing$/);
  await expect(page.getByRole('combobox', { name: 'Last run' })).toHaveValue('failing');
  await expect(page.getByRole('article', { name: new RegExp(name) })).toBeVisible();
  await expect(page.getByRole('article', { name: /Sync invoices/ })).toBeVisible();
  await expect(page.getByRole('article', { name: /Nightly backup/ })).toHaveCount(0);
});
