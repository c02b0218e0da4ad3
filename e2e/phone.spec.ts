// The phone layout at 375 px: the board is one column per screen (a snap
// scroller) with a tab per column to jump with one tap, the filters sit behind
// a Filters disclosure, a card still moves by keyboard, and the runs table and
// a task's history are stacked rows with every cell on screen. (Every page's
// "no sideways scroll, axe clean" at 375 px is in board.spec.ts's screenshots test.)
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { queryPath, trpc, unique } from './api';
import { expect, expectAccessible, test } from './fixtures';

const WIDTH = 375;
test.use({ viewport: { width: WIDTH, height: 812 } });

async function boardReady(page: Page) {
  await expect(page.getByRole('button', { name: /^Switch to (dark|light) theme$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Move “/ }).first()).toBeEnabled();
}

const column = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** Where a column's left edge is, in the window. */
async function leftOf(locator: Locator): Promise<number> {
  return (await locator.boundingBox())!.x;
}

/** Every cell of the row lies within the screen: nothing cut off, nothing to scroll to. */
async function expectRowOnScreen(row: Locator, what: string) {
  const cells = row.locator('td');
  const n = await cells.count();
  expect(n, `${what} has cells`).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const box = (await cells.nth(i).boundingBox())!;
    expect(box.x, `${what}, cell ${i + 1} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${what}, cell ${i + 1} ends on screen`).toBeLessThanOrEqual(WIDTH);
  }
}

test('the board shows one column per screen; a tab per column jumps to it with one tap', async ({ page }) => {
  await page.goto('/');
  await boardReady(page);
  const tabs = page.getByRole('navigation', { name: 'Board columns' });
  await expect(tabs.getByRole('button', { name: /^Todo \d+$/ })).toHaveAttribute('aria-current', 'true');
  expect(await leftOf(column(page, 'Todo'))).toBeLessThan(WIDTH / 2);
  expect(await leftOf(column(page, 'Done'))).toBeGreaterThanOrEqual(WIDTH);

  await tabs.getByRole('button', { name: /^Done \d+$/ }).click();
  await expect.poll(() => leftOf(column(page, 'Done'))).toBeLessThan(40);
  expect(await leftOf(column(page, 'Done'))).toBeGreaterThanOrEqual(0);
  await expect(tabs.getByRole('button', { name: /^Done \d+$/ })).toHaveAttribute('aria-current', 'true');
  await expect(tabs.getByRole('button', { name: /^Todo \d+$/ })).not.toHaveAttribute('aria-current', 'true');
  // Each tab is a thumb-sized target (at least 40 px high).
  expect((await tabs.getByRole('button').first().boundingBox())!.height).toBeGreaterThanOrEqual(40);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
  await expectAccessible(page, 'board at 375 px on the Done column');
});

test('the board filters sit behind a Filters button, which says how many are set', async ({ page }) => {
  await page.goto('/');
  await boardReady(page);
  const filters = page.getByRole('button', { name: /^Filters/ });
  await expect(filters).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('combobox', { name: 'Priority' })).toBeHidden();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeVisible();
  await filters.click();
  await expect(filters).toHaveAttribute('aria-expanded', 'true');
  await expectAccessible(page, 'board filters open at 375 px');
  await page.getByRole('combobox', { name: 'Priority' }).selectOption('high');
  await expect(page).toHaveURL(/\?priority=high$/);
  await expect(filters).toHaveAccessibleName('Filters 1 set');
  await filters.click();
  await expect(page.getByRole('combobox', { name: 'Priority' })).toBeHidden();
  await expect(page.getByRole('article', { name: /Nightly backup/ })).toBeVisible();
  await expect(page.getByRole('article', { name: /Health check/ })).toHaveCount(0);

  // The runs page's filter form works the same way.
  await page.goto('/runs');
  const runFilters = page.getByRole('button', { name: /^Filters/ });
  await expect(runFilters).toHaveAttribute('aria-expanded', 'false');
  await runFilters.click();
  await expect(page.getByRole('button', { name: 'Apply' })).toBeVisible();
});

/** Space, `steps` arrow presses, Space on the card's handle: a keyboard move, as a phone user with a keyboard makes it. */
async function keyboardMove(page: Page, name: string, key: 'ArrowRight' | 'ArrowLeft', steps: number) {
  const handle = page.getByRole('button', { name: `Move “${name}”` });
  await handle.focus();
  await page.keyboard.press('Space');
  for (let i = 0; i < steps; i++) await page.keyboard.press(key);
  await page.keyboard.press('Space');
}

/** The card lands in `columnName` (on the server too), stays focused, and is on screen. */
async function expectMovedTo(page: Page, request: APIRequestContext, name: string, key: string, columnName: string, status: string) {
  const card = page.getByRole('article', { name: new RegExp(name) });
  await expect(column(page, columnName).getByRole('article', { name: new RegExp(name) })).toBeVisible();
  await expect.poll(async () => (await trpc<{ status: string }>(request, queryPath('tasks.get', { key }))).status).toBe(status);
  await expect(page.getByRole('button', { name: `Move “${name}”` })).toBeFocused();
  // The moved card is on screen, in the column the scroller shows.
  await expect.poll(async () => leftOf(card)).toBeGreaterThanOrEqual(0);
  const box = (await card.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(WIDTH);
}

// In review ⇄ Cancelled, two columns each way (a card dropped one column short, in Done, fails the test;
// In progress would queue a run and let the worker move the card on).
test('a card moves by keyboard on a phone, again and again, and the board follows it to its new column', async ({ page, request }) => {
  const name = unique('E2E phone keys');
  const task = await trpc<{ key: string }>(request, 'board.quickAdd', { name, status: 'in_review', command: 'true', schedule: 'manual' });
  await page.goto('/');
  await boardReady(page);
  await page.getByRole('navigation', { name: 'Board columns' }).getByRole('button', { name: /^In review \d+$/ }).click();
  for (let round = 0; round < 3; round++) {
    await keyboardMove(page, name, 'ArrowRight', 2);
    await expectMovedTo(page, request, name, task.key, 'Cancelled', 'cancelled');
    await keyboardMove(page, name, 'ArrowLeft', 2);
    await expectMovedTo(page, request, name, task.key, 'In review', 'in_review');
  }
});

test('the runs table and a task history are stacked rows with every cell on screen', async ({ page }) => {
  await page.goto('/runs');
  const table = page.getByRole('table', { name: 'Runs, newest first' });
  await expect(table.locator('tbody tr td[data-label="Run"] a').first()).toBeVisible();
  await expectRowOnScreen(table.locator('tbody tr').first(), 'the first run row');
  await expect(table.locator('tbody tr').first().locator('td[data-label="Error"]')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);

  await page.goto('/tasks/nightly-backup');
  await expect(page.getByTestId('history-row').first()).toBeVisible();
  await expectRowOnScreen(page.getByTestId('history-row').first(), 'the first history row');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
});
