// What a viewer may NOT do, in the browser and against the server:
// signed in as the e2e viewer, the board's cards cannot be picked up (mouse or
// keyboard) and its move / quick add / WIP controls are disabled; the task
// page's actions, the new-task form, the runs page's bulk actions and the run
// page's Cancel/Retry are disabled; and the same mutations forced through the
// API with the viewer's cookie and the CSRF header answer 403 and change nothing.
// The tasks and runs are made by the admin (the default `request`), each test
// with unique keys.
import type { APIRequestContext, BrowserContext, Locator, Page } from '@playwright/test';
import { boardCards, queryPath, trpc, unique } from './api';
import { newContextAs } from './auth-helpers';
import { expect, test } from './fixtures';

const NEEDS_OPERATOR = 'Needs the operator role';
// Creating, duplicating and deleting tasks define what runs (server/tasks/definition-fields.ts).
const NEEDS_EDITOR = 'Needs the editor role: only editors and admins define what runs';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A manual shell task made by the admin; returns its key and version. */
async function createTask(request: APIRequestContext, name: string, command = 'echo hi'): Promise<{ key: string; name: string; version: number }> {
  const key = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  await trpc(request, 'tasks.create', { key, name, kind: 'shell', command, schedule: 'manual' });
  const task = await trpc<{ key: string; version: number }>(request, queryPath('tasks.get', { key }));
  return { key, name, version: task.version };
}

async function runNow(request: APIRequestContext, key: string): Promise<number> {
  const { runId } = await trpc<{ runId: number | null }>(request, 'tasks.runNow', { key });
  if (!runId) throw new Error(`tasks.runNow queued no run of ${key}`);
  return runId;
}

async function runStatus(request: APIRequestContext, id: number): Promise<string> {
  const run = await trpc<{ status: string }>(request, queryPath('runs.get', { id }));
  return run.status;
}

async function boardStatus(request: APIRequestContext, key: string): Promise<string | undefined> {
  return (await boardCards(request)).find((t) => t.key === key)?.status;
}

/** Hydrated (the theme toggle is labelled) and nothing left loading (the session is known). */
async function settled(page: Page) {
  await expect(page.getByRole('button', { name: /^Switch to (dark|light) theme$/ })).toBeVisible();
  await page.waitForLoadState('networkidle');
}

async function expectRefused(control: Locator, title = NEEDS_OPERATOR) {
  await expect(control).toBeDisabled();
  await expect(control).toHaveAttribute('title', title);
}

let viewer: BrowserContext;
test.beforeEach(async ({ browser }) => {
  viewer = await newContextAs(browser, 'viewer');
});
test.afterEach(async () => {
  await viewer.close();
});

/** A page in the viewer's context that fails the test on console errors, like the `page` fixture. */
async function viewerPage(consoleErrors: string[], ignore?: RegExp): Promise<Page> {
  const page = await viewer.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !(ignore && ignore.test(msg.text()))) consoleErrors.push(`viewer console error on ${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`viewer page error on ${page.url()}: ${error.message}`));
  return page;
}

test('on the board a viewer cannot pick a card up, by mouse or keyboard, nor quick-add or set WIP limits', async ({ request, consoleErrors }) => {
  const name = unique('Viewer board');
  const task = await createTask(request, name);
  const page = await viewerPage(consoleErrors);
  await page.goto('/');
  await settled(page);
  const todo = page.getByRole('region', { name: 'Todo', exact: true });
  const card = todo.getByRole('article', { name: new RegExp(escape(name)) });
  await expect(card).toBeVisible();

  const handle = card.getByRole('button', { name: `Move “${name}”` });
  await expectRefused(handle);
  for (const column of ['Todo', 'In progress', 'In review', 'Done', 'Cancelled']) {
    const region = page.getByRole('region', { name: column, exact: true });
    await expectRefused(region.getByRole('button', { name: `Add a task to ${column}` }), NEEDS_EDITOR);
    await expectRefused(region.getByRole('button', { name: `WIP limit of ${column}` }));
  }
  // Every card's handle, not just this one.
  const handles = page.getByRole('button', { name: /^Move “/ });
  expect(await handles.count()).toBeGreaterThan(1);
  for (const h of await handles.all()) await expect(h).toBeDisabled();

  // A mouse drag to In progress (as board.spec.ts does for the operator): nothing moves, nothing runs.
  const source = card.getByText(task.key);
  const from = (await source.boundingBox())!;
  const to = (await page.getByRole('region', { name: 'In progress', exact: true }).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 8, from.y + from.height / 2 + 8, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + 80, { steps: 12 });
  await page.mouse.up();
  // The keyboard: Tab from the card's title link skips the disabled handle; Space/arrows do nothing.
  await card.getByRole('link', { name }).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await expect(handle).not.toBeFocused();
  await page.waitForLoadState('networkidle');
  await expect(card).toBeVisible();
  await expect(page.getByRole('region', { name: 'In progress', exact: true }).getByRole('article', { name: new RegExp(escape(name)) })).toHaveCount(0);
  await expect(page.getByText(/was dropped in|Picked up/)).toHaveCount(0);
  expect(await boardStatus(request, task.key)).toBe('todo');
  await page.reload();
  await settled(page);
  await expect(page.getByRole('region', { name: 'Todo', exact: true }).getByRole('article', { name: new RegExp(escape(name)) })).toBeVisible();
});

test('on the task page and /tasks/new a viewer finds every action disabled', async ({ request, consoleErrors }) => {
  const name = unique('Viewer task');
  const task = await createTask(request, name);
  const page = await viewerPage(consoleErrors);
  await page.goto(`/tasks/${task.key}`);
  await settled(page);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const actions = page.getByRole('group', { name: 'Task actions' });
  for (const label of ['Run now', 'Pause', 'Edit']) {
    await expectRefused(actions.getByRole('button', { name: label, exact: true }));
  }
  for (const label of ['Duplicate', 'Delete']) {
    await expectRefused(actions.getByRole('button', { name: label, exact: true }), NEEDS_EDITOR);
  }
  // No link to the edit form either; and the edit form itself is disabled.
  await expect(actions.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await page.goto(`/tasks/${task.key}/edit`);
  await settled(page);
  await expect(page.getByRole('textbox', { name: /^Name/ })).toBeDisabled();

  // The header offers no New task to a viewer; typed in, the form is shown disabled.
  await expect(page.getByRole('banner').getByRole('link', { name: 'New task' })).toHaveCount(0);
  await page.goto('/tasks/new');
  await settled(page);
  await expect(page.getByRole('heading', { level: 1, name: 'New task' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: /^Name/ })).toBeDisabled();
  await expect(page.getByRole('textbox', { name: /^Command/ })).toBeDisabled();
  await expectRefused(page.getByRole('button', { name: 'Create task' }), NEEDS_EDITOR);
});

test('on the runs page and a run page a viewer cannot retry or cancel', async ({ request, consoleErrors }) => {
  const long = await createTask(request, unique('Viewer long'), 'echo started; sleep 30');
  const quick = await createTask(request, unique('Viewer quick'), 'echo quick');
  const quickRun = await runNow(request, quick.key);
  await expect.poll(() => runStatus(request, quickRun), { timeout: 30_000 }).toBe('succeeded');
  const longRun = await runNow(request, long.key);
  await expect.poll(() => runStatus(request, longRun), { timeout: 30_000 }).toBe('running');

  try {
    const page = await viewerPage(consoleErrors);
    await page.goto('/runs');
    await settled(page);
    // Selecting is reading; with a finished and a running run selected an operator could retry one and cancel one.
    for (const id of [quickRun, longRun]) await page.getByRole('checkbox', { name: `Select run #${id}` }).check();
    await expect(page.getByText('2 selected')).toBeVisible();
    const bulk = page.getByRole('group', { name: 'Bulk actions' });
    await expectRefused(bulk.getByRole('button', { name: /^Retry/ }));
    await expectRefused(bulk.getByRole('button', { name: /^Cancel/ }));

    // A running run's Cancel and a finished run's Retry, which an operator would have enabled.
    await page.goto(`/runs/${longRun}`);
    await settled(page);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('running');
    await expect(page.getByLabel(`Output of run #${longRun}`)).toContainText('started', { timeout: 30_000 });
    await expectRefused(page.getByRole('button', { name: 'Cancel', exact: true }));
    await page.goto(`/runs/${quickRun}`);
    await settled(page);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('succeeded');
    await expectRefused(page.getByRole('button', { name: 'Retry', exact: true }));
    expect(await runStatus(request, longRun)).toBe('running');
  } finally {
    await trpc(request, 'runs.cancel', { ids: [longRun] });
  }
});

test('the server refuses every write a viewer forces through the API with 403, and nothing changes', async ({ request, consoleErrors }) => {
  const task = await createTask(request, unique('Viewer forced'));
  const runId = await runNow(request, task.key);
  await expect.poll(() => runStatus(request, runId), { timeout: 30_000 }).toBe('succeeded');
  // The finished manual run moved the card on (to In review): what the viewer's writes must leave as it is.
  await expect.poll(() => boardStatus(request, task.key)).toBe('in_review');
  const before = await trpc<{ version: number; boardVersion: number }>(request, queryPath('tasks.get', { key: task.key }));
  // Each refused write is a 403, which Chromium logs as a failed resource load: expected here, nothing else is.
  const page = await viewerPage(consoleErrors, /status of 403/);
  await page.goto('/');
  await settled(page);

  const writes: [string, unknown][] = [
    ['board.move', { key: task.key, toStatus: 'in_progress', expectedBoardVersion: before.boardVersion }],
    ['board.quickAdd', { status: 'todo', name: 'Sneaky', command: 'echo sneaky', schedule: 'manual' }],
    ['board.setWipLimit', { status: 'todo', wipLimit: 1 }],
    ['tasks.create', { key: unique('sneaky'), name: 'Sneaky', kind: 'shell', command: 'echo sneaky', schedule: 'manual' }],
    ['tasks.update', { key: task.key, expectedVersion: before.version, input: { name: 'Renamed', kind: 'shell', command: 'echo x', schedule: 'manual' } }],
    ['tasks.pause', { key: task.key, expectedVersion: before.version }],
    ['tasks.resume', { key: task.key, expectedVersion: before.version }],
    ['tasks.duplicate', { key: task.key }],
    ['tasks.runNow', { key: task.key }],
    ['tasks.cancelRun', { runId }],
    ['tasks.delete', { key: task.key, expectedVersion: before.version, force: true }],
    ['runs.retry', { ids: [runId] }],
    ['runs.cancel', { ids: [runId] }],
  ];
  for (const [path, input] of writes) {
    // From inside the viewer's page: their session cookie, and the CSRF header the app's own client sends.
    const answer = await page.evaluate(
      async ({ path, input }) => {
        const res = await fetch(`/api/trpc/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-cronboard-csrf': '1' },
          body: JSON.stringify({ json: input }),
        });
        return { status: res.status, body: (await res.json()) as { error?: { json: { message: string } } } };
      },
      { path, input },
    );
    expect(answer.status, `${path} as a viewer`).toBe(403);
    const role = ['board.quickAdd', 'tasks.create', 'tasks.duplicate', 'tasks.delete'].includes(path) ? 'editor' : 'operator';
    expect(answer.body.error?.json.message, `${path} says why`).toBe(`This needs the ${role} role; you are viewer.`);
  }

  // Nothing happened: same task, same version and column, the one run only, no WIP limit, no new tasks.
  const after = await trpc<{ key: string; name: string; version: number; paused: boolean }>(
    request,
    queryPath('tasks.get', { key: task.key }),
  );
  expect(after).toMatchObject({ name: task.name, version: before.version, paused: false });
  expect(await boardStatus(request, task.key)).toBe('in_review');
  const history = await trpc<{ total: number }>(
    request,
    queryPath('tasks.history', { key: task.key }),
  );
  expect(history.total).toBe(1);
  const board = await trpc<{ tasks: { name: string }[]; columns: { status: string; wipLimit: number | null }[] }>(request, 'board.get');
  expect(board.tasks.filter((t) => t.name === 'Sneaky')).toEqual([]);
  expect(board.columns.find((c) => c.status === 'todo')?.wipLimit).toBeNull();
});
