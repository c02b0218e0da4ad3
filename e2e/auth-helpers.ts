// Signed-in browsers for e2e specs. e2e/global-setup.ts creates one user per
// role on the e2e server's fresh database and saves a signed-in storage state
// for each; the `chromium` project opens every `page` as the admin by default.
//
// A second context from `browser.newContext()` does NOT inherit that state: it
// starts signed out (and is redirected to /login). Get a signed-in one with
//
//   const context = await newContextAs(browser, 'viewer');   // or 'operator' / 'admin'
//   const page = await context.newPage();
//
// or pass `storageState: storageStatePath('operator')` to newContext yourself,
// or `test.use({ storageState: storageStatePath('viewer') })` for a whole file.
// `test.use({ storageState: { cookies: [], origins: [] } })` runs signed out.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';

export type E2ERole = 'viewer' | 'operator' | 'admin';

/** The accounts global setup creates (the password is only for this throwaway e2e database). */
export const E2E_USERS: Record<E2ERole, { email: string; password: string }> = {
  admin: { email: 'admin@e2e.test', password: 'e2e-admin-password' },
  operator: { email: 'operator@e2e.test', password: 'e2e-operator-password' },
  viewer: { email: 'viewer@e2e.test', password: 'e2e-viewer-password' },
};

const authDir = fileURLToPath(new URL('.artifacts/auth/', import.meta.url));

/** The saved signed-in state (cookies) for a role, written by global setup. */
export function storageStatePath(role: E2ERole): string {
  return join(authDir, `${role}.json`);
}

/** A new browser context signed in as `role`. */
export function newContextAs(browser: Browser, role: E2ERole, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ ...options, storageState: storageStatePath(role) });
}

/** Signs in through the login page (for tests about signing in itself). */
export async function signInThroughPage(page: Page, role: E2ERole): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(E2E_USERS[role].email);
  await page.getByLabel('Password').fill(E2E_USERS[role].password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/**
 * Headers for a cookie-authenticated write sent by a test's APIRequestContext
 * (`page.request.post`): the same CSRF header Cronboard's own tRPC client sends,
 * since such requests carry no Origin or Sec-Fetch-Site.
 */
export const SAME_SITE_WRITE = { 'x-cronboard-csrf': '1' } as const;
