// The API reference at /api/docs, in Chromium against the built app: it
// renders the generated document with every request kept on our own origin
// (nothing from a CDN: requests elsewhere are refused here and would fail the
// test) and no Content-Security-Policy violation.
import { expect, test } from './fixtures';

test('the API reference renders from our own bundle under its CSP, offline', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const foreign: string[] = [];
  const problems: string[] = [];
  await page.route('**/*', (route) => {
    if (new URL(route.request().url()).origin === origin) return route.continue();
    foreign.push(route.request().url());
    return route.abort();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));

  const response = await page.goto('/api/docs');
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByRole('heading', { name: /Cronboard API/ })).toBeVisible();
  await expect(page.locator('.opblock-summary-path', { hasText: /^\/tasks\/\{key\}\/run$/ }).first()).toBeVisible();
  await page.locator('.opblock-summary-path', { hasText: /^\/tasks\/\{key\}\/run$/ }).first().click();
  await expect(page.getByText('Idempotency-Key', { exact: false }).first()).toBeVisible();
  expect(foreign).toEqual([]);
  expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
});

test('the REST API answers the signed-in browser too, and the document is public', async ({ request, playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const doc = await anonymous.get('/api/v1/openapi.json');
  expect(doc.status()).toBe(200);
  expect(((await doc.json()) as { openapi: string }).openapi).toBe('3.1.0');
  expect((await anonymous.get('/api/v1/tasks')).status()).toBe(401);
  await anonymous.dispose();
  const tasks = await request.get('/api/v1/tasks?limit=2');
  expect(tasks.status()).toBe(200);
  expect(tasks.headers()['x-request-id']).toBeTruthy();
  const body = (await tasks.json()) as { items: unknown[]; next_cursor: string | null };
  expect(body.items.length).toBeLessThanOrEqual(2);
});
