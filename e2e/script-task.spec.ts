// A script task (issue 17 item 2) made in the task form: pick the Script kind,
// choose python3, type a body, save; the task page shows the interpreter and
// the body; Run now, and the run page shows the script's output.
import { expect, expectAccessible, test } from './fixtures';
import { unique } from './api';

test('create a python3 script task in the form, run it now, and read its output on the run page', async ({ page }) => {
  const id = unique('e2e-script');
  await page.goto('/tasks/new');
  await expect(page.getByRole('button', { name: /^Switch to (dark|light) theme$/ })).toBeVisible();
  await page.getByRole('textbox', { name: /^Name/ }).fill(id);
  await page.getByRole('radio', { name: 'Script' }).check();
  await expect(page.getByRole('textbox', { name: /^Command/ })).toHaveCount(0);

  // An interpreter that is not offered: refused with the field named.
  const interpreter = page.getByRole('combobox', { name: /^Interpreter/ });
  await interpreter.fill('ruby');
  await page.getByRole('button', { name: 'Create task' }).click();
  await expect(page.locator('[data-field-error]').filter({ hasText: 'Script is required for a script task' })).toBeVisible();
  await expect(page.locator('[data-field-error]').filter({ hasText: /Interpreter must be one of sh, bash, python3, node/ })).toBeVisible();

  await interpreter.fill('python3');
  await page.getByRole('textbox', { name: /^Script/ }).fill(`import sys\n\nfor n in range(3):\n    print(f"line {n} of ${id}")\nprint(sys.version_info[0], "from python")\n`);
  await page.getByRole('textbox', { name: 'Schedule', exact: true }).fill('manual');
  await expectAccessible(page, '/tasks/new (script)');
  await page.getByRole('button', { name: 'Create task' }).click();

  await expect(page).toHaveURL(new RegExp(`/tasks/${id}$`));
  await expect(page.getByText('python3', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Script', { exact: true })).toContainText(`print(f"line {n} of ${id}")`);

  await page.getByRole('button', { name: 'Run now' }).click();
  const row = page.getByTestId('history-row').first();
  await expect(row).toContainText('succeeded', { timeout: 30_000 });
  await row.getByRole('link', { name: /^#\d+$/ }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  const log = page.getByLabel(/^Output of run #\d+/);
  await expect(log).toContainText(`line 2 of ${id}`);
  await expect(log).toContainText('3 from python');
});
