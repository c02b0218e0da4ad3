// Where the page screenshots go: every e2e run writes
// e2e/.artifacts/screenshots/<page>-<theme>.png (not in git; the times on the
// pages change); UPDATE_SCREENSHOTS=1 writes the committed copies in
// docs/screenshots/ instead. Refresh those on a fresh server with only the
// demo tasks, running just the screenshot tests:
//   UPDATE_SCREENSHOTS=1 E2E_PORT=3205 npx playwright test -g "screenshots of every page|screenshots of the setup page"
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

export type Theme = 'light' | 'dark';

export function screenshotPath(slug: string, theme: Theme): string {
  const dir = process.env.UPDATE_SCREENSHOTS ? '../docs/screenshots' : './.artifacts/screenshots';
  const path = fileURLToPath(new URL(`${dir}/${slug}-${theme}.png`, import.meta.url));
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

/** A full-page screenshot of the page as it is now, to screenshotPath(slug, theme). */
export async function savePageScreenshot(page: Page, slug: string, theme: Theme): Promise<void> {
  // No focus ring or hover left over from getting here.
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: screenshotPath(slug, theme), fullPage: true, animations: 'disabled' });
}
