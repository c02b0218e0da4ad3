// Jobs as code in the browser (issue 11 item 10): a job file applied with the
// real CLI shows as a managed card, its definition is read-only on the edit
// page, and after the card is moved on the board an edit of the file (picked
// up by the worker's jobs folder sync) updates the card where it is.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { cli, hydrated, server, unique } from './cli';
import { expect, test } from './fixtures';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const card = (page: Page, column: string, name: string) =>
  page.getByRole('region', { name: column, exact: true }).getByRole('article', { name: new RegExp(escape(name)) });

test('a task from a job file is managed, read-only, and follows its file without moving', async ({ page }) => {
  const key = unique('e2e-jobs');
  const name = `Jobs file ${key}`;
  const { jobsDir } = server();
  const file = join(jobsDir, `${key}.yaml`);
  writeFileSync(file, `id: ${key}\nname: ${name}\ncommand: echo from-file\nschedule: manual\n`);
  // The worker syncs the same folder and may have applied the new file a moment before.
  const plan = cli<{ create: string[]; unchanged: number }>(['apply', jobsDir]);
  expect(plan.create.includes(key) || plan.unchanged > 0).toBe(true);
  expect(cli<{ source: string; status: string }>(['show', key])).toMatchObject({ source: 'yaml', status: 'todo' });

  await page.goto('/');
  await hydrated(page);
  const todo = card(page, 'Todo', name);
  await todo.scrollIntoViewIfNeeded();
  await expect(todo.getByTitle(new RegExp(`^Managed in .*${escape(key)}\\.yaml$`))).toBeVisible();

  // What it runs is the file's; the board's fields stay editable.
  await page.goto(`/tasks/${key}/edit`);
  await hydrated(page);
  await expect(page.getByText(/what it runs and when is read-only here/)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Command', exact: true })).toBeDisabled();
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toBeEnabled();

  // Move the managed card to In review (the keyboard drag of dnd-kit: pick up, two columns right, drop).
  await page.goto('/');
  await hydrated(page);
  const handle = page.getByRole('button', { name: `Move “${name}”` });
  await handle.scrollIntoViewIfNeeded();
  await expect(handle).toBeEnabled();
  await handle.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await expect(card(page, 'In review', name)).toBeVisible();
  await expect.poll(() => cli<{ status: string }>(['show', key]).status).toBe('in_review');

  // Edit the file: the sync applies it and the card changes in place, still in In review.
  const renamed = `${name} renamed`;
  writeFileSync(file, readFileSync(file, 'utf8').replace(`name: ${name}`, `name: ${renamed}`));
  const moved = card(page, 'In review', renamed);
  await expect(moved).toBeVisible({ timeout: 20_000 });
  await expect(card(page, 'Todo', renamed)).toHaveCount(0);
  expect(cli<{ name: string; status: string }>(['show', key])).toMatchObject({ name: renamed, status: 'in_review' });
});
