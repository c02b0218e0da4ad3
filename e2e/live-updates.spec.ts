// The board, runs and activity pages update from the events stream
// (GET /api/v1/events/stream), not from polling: the fallback poll is slowed to
// ten minutes (localStorage 'cronboard.fallbackPollMs', read by
// components/trpc/use-event-stream.ts), so only the stream can move the card.
// The run is queued through the API, not the page, so no mutation of the page refetches.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { SAME_SITE_WRITE } from './auth-helpers';
import { expect, test } from './fixtures';

const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function trpcPost<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const response = await request.post(`/api/trpc/${path}`, { data: { json: input }, headers: SAME_SITE_WRITE });
  const body = (await response.json()) as { result?: { data: { json: T } } };
  if (!response.ok() || !body.result) throw new Error(`${path} failed (${response.status()})`);
  return body.result.data.json;
}

/** Opens `path` with the fallback poll slowed down, and waits until the page's events stream is connected. */
async function openLive(page: Page, path: string) {
  await page.addInitScript(() => localStorage.setItem('cronboard.fallbackPollMs', '600000'));
  const stream = page.waitForResponse((r) => r.url().includes('/api/v1/events/stream') && r.status() === 200);
  await page.goto(path);
  await stream;
}

// The run holds In progress until the test has seen it there (it waits for a file the test writes):
// with a fixed `sleep 2` a loaded machine could deliver the start and the end in one refetch, and the
// card went from Todo straight to In review (the test's flake in CI).
test('a board card moves to In progress and then In review, without a reload, when its run starts and ends', async ({
  page,
  request,
}) => {
  const gate = join(mkdtempSync(join(tmpdir(), 'cronboard-e2e-live-')), 'go');
  const task = await trpcPost<{ key: string; name: string }>(request, 'board.quickAdd', {
    status: 'todo',
    name: unique('E2E live'),
    command: `i=0; while [ ! -e '${gate}' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; echo done`,
    schedule: 'manual',
  });
  await openLive(page, '/');
  const card = (column: string) =>
    page.getByRole('region', { name: column, exact: true }).getByRole('article', { name: new RegExp(escape(task.name)) });
  await expect(card('Todo')).toBeVisible();

  await trpcPost(request, 'tasks.runNow', { key: task.key });
  await expect(card('In progress').getByText(/Running/)).toBeVisible({ timeout: 20_000 });
  writeFileSync(gate, '');
  const reviewed = card('In review');
  await expect(reviewed).toBeVisible({ timeout: 20_000 });
  await expect(reviewed.getByText('succeeded')).toBeVisible();
});

test('the runs and activity pages show a new run without a reload', async ({ page, request }) => {
  const task = await trpcPost<{ key: string; name: string }>(request, 'board.quickAdd', {
    status: 'todo',
    name: unique('E2E live runs'),
    command: 'true',
    schedule: 'manual',
  });
  await openLive(page, `/runs?task=${encodeURIComponent(task.key)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
  await trpcPost(request, 'tasks.runNow', { key: task.key });
  await expect(page.getByRole('row').filter({ hasText: 'succeeded' })).toBeVisible({ timeout: 20_000 });

  await openLive(page, `/activity?task=${encodeURIComponent(task.key)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Activity' })).toBeVisible();
  // One row per run in the grouped feed, in a sentence with the task's name.
  const succeeded = page.getByText(new RegExp(`of ${escape(task.name)} succeeded`));
  await expect(succeeded).toHaveCount(1);
  await trpcPost(request, 'tasks.runNow', { key: task.key });
  await expect(succeeded).toHaveCount(2, { timeout: 20_000 });
});
