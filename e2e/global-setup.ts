// Playwright global setup: on the e2e server's fresh database (e2e/server.ts),
// create the first admin through the setup route, then an operator and a
// viewer through the admin's tRPC users.create, and save a signed-in storage
// state per role (e2e/auth-helpers.ts says how specs use them).
import { mkdirSync } from 'node:fs';
import { request, type APIRequestContext, type FullConfig } from '@playwright/test';
import { E2E_USERS, storageStatePath, type E2ERole } from './auth-helpers';

// Same-origin proof for our auth routes: Playwright's request context sends no Origin.
const CSRF = { 'x-cronboard-csrf': '1' };

async function waitForHealth(api: APIRequestContext): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await api.get('/api/health').then((r) => r.ok()).catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error('global setup: the e2e server did not answer /api/health');
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function expectOk(what: string, response: { ok(): boolean; status(): number; text(): Promise<string> }): Promise<void> {
  if (!response.ok()) throw new Error(`global setup: ${what} failed with HTTP ${response.status()}: ${await response.text()}`);
}

export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL;
  if (!baseURL) throw new Error('global setup: no baseURL in playwright.config.ts');
  mkdirSync(storageStatePath('admin').replace(/[^/]+$/, ''), { recursive: true });

  const admin = await request.newContext({ baseURL, extraHTTPHeaders: CSRF });
  await waitForHealth(admin);
  await expectOk('creating the first admin (POST /api/auth/setup)', await admin.post('/api/auth/setup', { data: { ...E2E_USERS.admin, name: 'E2E Admin' } }));
  for (const role of ['operator', 'viewer'] as const) {
    // tRPC over HTTP: a mutation is a POST with the superjson-encoded input.
    await expectOk(`creating the ${role}`, await admin.post('/api/trpc/users.create', { data: { json: { ...E2E_USERS[role], role } } }));
  }
  await admin.storageState({ path: storageStatePath('admin') });
  await admin.dispose();

  for (const role of ['operator', 'viewer'] as E2ERole[]) {
    const context = await request.newContext({ baseURL, extraHTTPHeaders: CSRF });
    await expectOk(`signing in as ${role}`, await context.post('/api/auth/login', { data: E2E_USERS[role] }));
    await context.storageState({ path: storageStatePath(role) });
    await context.dispose();
  }
}
