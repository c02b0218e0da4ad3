// A column with more cards than the board renders: the page's server render
// embeds each column's first 12 cards only (board.get firstPerColumn), the
// board then renders 50 of a column and the rest when its end scrolls near
// (or on "Show N more"); a card past those is found by the search and moved
// by keyboard. The cards made here are deleted at the end, so the other
// specs' columns stay short.
import type { APIRequestContext, Page } from '@playwright/test';
import { queryPath, trpc, unique } from './api';
import { expect, test } from './fixtures';
import { screenshotPath } from './screenshots';

const MADE = 56;
const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const card = (scope: ReturnType<typeof region>, name: string) => scope.getByRole('article', { name, exact: true });

async function makeColumn(request: APIRequestContext, tag: string) {
  const made: { key: string; name: string }[] = [];
  for (let i = 0; i < MADE; i++)
    made.push(
      await trpc<{ key: string; name: string }>(request, 'board.quickAdd', {
        status: 'in_review',
        name: `${tag} ${String(i).padStart(2, '0')}`,
        command: 'true',
        schedule: 'manual',
      }),
    );
  return made;
}

/** The screen around `at` in light and dark (the theme class switched in place). */
async function shots(page: Page, slug: string, at: ReturnType<typeof card>) {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((dark) => document.documentElement.classList.toggle('dark', dark), theme === 'dark');
    await at.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath(slug, theme), animations: 'disabled' });
  }
  await page.evaluate(() => document.documentElement.classList.remove('dark'));
}

async function waitForBoard(page: Page) {
  await expect(page.getByRole('button', { name: /^Move “/ }).first()).toBeEnabled();
}

test('a long column: the first cards up front, the rest when scrolled near; the search finds a card past them and the keyboard moves it', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const tag = unique('E2E long', ' ');
  const made = await makeColumn(request, tag);
  const last = made.at(-1)!;
  try {
    // The server's HTML carries the first cards of each column, not the last of this one.
    const html = await (await request.get('/')).text();
    expect(html).not.toContain(last.name);
    expect(html).toContain('In review');

    await page.goto('/');
    await waitForBoard(page);
    const review = region(page, 'In review');
    await expect(review.getByRole('heading', { level: 3 }).filter({ hasText: tag }).first()).toBeAttached();
    await expect(card(review, last.name)).toHaveCount(0);
    const more = review.getByRole('button', { name: /^Show \d+ more .* in In review$/ });
    await expect(more).toBeAttached();
    // Its end scrolled near: the rest of the column shows by itself, and the button goes.
    await more.scrollIntoViewIfNeeded();
    await expect(card(review, last.name)).toBeVisible();
    await expect(more).toHaveCount(0);
    await shots(page, 'board-long-column-1280', card(review, last.name));

    // A fresh load at 375 px (a column a screen wide): the same, from the column tabs.
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto('/');
    await waitForBoard(page);
    const phoneReview = region(page, 'In review');
    await expect(card(phoneReview, last.name)).toHaveCount(0);
    await page.getByRole('navigation', { name: 'Board columns' }).getByRole('button', { name: /^In review/ }).click();
    await phoneReview.getByRole('button', { name: /^Show \d+ more/ }).scrollIntoViewIfNeeded();
    await expect(card(phoneReview, last.name)).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shots(page, 'board-long-column-375', card(phoneReview, last.name));

    // Back at 1280 px, freshly loaded: the search finds the last card; Space, Right, Space moves it to Done.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/');
    await waitForBoard(page);
    await expect(card(region(page, 'In review'), last.name)).toHaveCount(0);
    await page.getByRole('searchbox', { name: 'Search' }).fill(last.name);
    await expect(card(region(page, 'In review'), last.name)).toBeVisible();
    await page.getByRole('button', { name: `Move “${last.name}”`, exact: true }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await expect(card(region(page, 'Done'), last.name)).toBeVisible();
    await expect
      .poll(async () => {
        const task = await trpc<{ status: string }>(request, queryPath('tasks.get', { key: last.key }));
        return task.status;
      })
      .toBe('done');
  } finally {
    for (const task of made) await trpc(request, 'tasks.delete', { key: task.key, force: true }).catch(() => undefined);
  }
});
