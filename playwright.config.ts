// End-to-end tests: the production build (`next start`) plus one worker on a
// fresh SQLite database with the demo tasks (e2e/server.ts), driven in
// Chromium. `npm test` builds first; `npx playwright test` alone reuses `.next`
// (and builds only when there is none).
//
// Browser: Playwright's own Chromium when it is installed, else Debian's
// /usr/bin/chromium (`npx playwright install` cannot download browsers here).
// E2E_CHROMIUM=/path picks another browser binary; E2E_PORT another port (3100).
import { chromium, defineConfig, devices, type LaunchOptions } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { storageStatePath } from './e2e/auth-helpers';
import { SYSTEM_CHROMIUM, SYSTEM_CHROMIUM_ARGS } from './e2e/chromium';

const root = fileURLToPath(new URL('.', import.meta.url));
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

/** Where Playwright keeps its browsers (the same rules as playwright-core). */
function browsersDir(): string {
  const env = process.env.PLAYWRIGHT_BROWSERS_PATH;
  if (env === '0') return join(root, 'node_modules', 'playwright-core', '.local-browsers');
  if (env) return env;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'ms-playwright');
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ms-playwright');
}

/** True when the installed Playwright's own headless Chromium shell is downloaded. */
function hasBundledHeadlessShell(): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'node_modules', 'playwright-core', 'browsers.json'), 'utf8')) as {
      browsers: { name: string; revision: string }[];
    };
    const shell = manifest.browsers.find((b) => b.name === 'chromium-headless-shell');
    return !!shell && existsSync(join(browsersDir(), `chromium_headless_shell-${shell.revision}`, 'INSTALLATION_COMPLETE'));
  } catch {
    return false;
  }
}

function launchOptions(): LaunchOptions {
  if (process.env.E2E_CHROMIUM) return { executablePath: process.env.E2E_CHROMIUM, args: SYSTEM_CHROMIUM_ARGS };
  if (hasBundledHeadlessShell()) return {};
  // Playwright's full Chromium (installed with --no-shell) also runs headless.
  const bundled = chromium.executablePath();
  if (existsSync(bundled)) return { executablePath: bundled };
  // With no executable at all Playwright names the missing browser, the clearest failure.
  return existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM, args: SYSTEM_CHROMIUM_ARGS } : {};
}

const built = existsSync(join(root, '.next', 'BUILD_ID'));

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // One server for all tests on a 2-core machine: one browser at a time.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
  // Creates the e2e accounts (admin, operator, viewer) and their signed-in states; see e2e/auth-helpers.ts.
  globalSetup: './e2e/global-setup.ts',
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: launchOptions(),
    // Every page starts signed in as the admin. browser.newContext() does not inherit this:
    // use newContextAs(browser, role) from e2e/auth-helpers.ts for a signed-in second context.
    storageState: storageStatePath('admin'),
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: `"${process.execPath}" --import tsx e2e/server.ts`,
    url: `${baseURL}/api/health`,
    // Never test a stray server that happens to hold the port.
    reuseExistingServer: false,
    // First start builds (minutes on 2 cores) when there is no build yet.
    timeout: (built ? 120 : 600) * 1000,
    env: { E2E_PORT: String(PORT), E2E_RUNNER_PID: String(process.pid) },
    // SIGTERM to the server's process group, then SIGKILL if anything lingers.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
