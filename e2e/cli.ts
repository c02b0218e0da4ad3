// Tasks and runs for a test, made with the CLI (bin/cronboard.mjs) on the e2e
// database (e2e/server.ts writes where it is), each with a unique key.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { E2E_SECRET_KEY } from './secret-key';

const root = fileURLToPath(new URL('..', import.meta.url));
const serverFile = fileURLToPath(new URL('.artifacts/server.json', import.meta.url));

export function server(): { databaseUrl: string; workerPid: number; jobsDir: string } {
  return JSON.parse(readFileSync(serverFile, 'utf8')) as { databaseUrl: string; workerPid: number; jobsDir: string };
}

/** Runs the CLI on the e2e database and returns its parsed --json output. */
export function cli<T>(args: string[]): T {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: server().databaseUrl, LOG_LEVEL: 'warn', CRONBOARD_DEMO: 'false', CRONBOARD_SECRET_KEY: E2E_SECRET_KEY };
  delete env.CRONBOARD_CONFIG;
  const result = spawnSync(process.execPath, ['bin/cronboard.mjs', ...args, '--json'], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`cronboard ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

export function createShellTask(key: string, command: string, options: { name?: string; schedule?: string } = {}) {
  cli(['create', '--key', key, '--name', options.name ?? key, '--command', command, '--schedule', options.schedule ?? 'manual']);
}

export function runTask(key: string): number {
  return cli<{ runs: { id: number }[] }>(['run', key]).runs[0]!.id;
}

export async function hydrated(page: Page) {
  await expect(page.getByRole('button', { name: /^Switch to (dark|light) theme$/ })).toBeVisible();
}
