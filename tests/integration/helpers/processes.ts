import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
export const TSX = join(root, 'node_modules/.bin/tsx');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI (cli/main.ts) in a child process and collects its output. */
export function runCli(args: string[], env: Record<string, string | undefined>, cwd = root): Promise<Finished> {
  return finished(spawn(TSX, [join(root, 'cli/main.ts'), ...args], { cwd, env: cleanEnv(env) }));
}

/** A child's environment without the test runner's own database settings leaking in. */
export function cleanEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const key of ['DATABASE_URL', 'CRONBOARD_DEMO', 'CRONBOARD_CONFIG', 'LOG_FILE', 'NODE_OPTIONS']) delete base[key];
  return { ...base, LOG_LEVEL: 'info', ...env };
}

export function finished(child: ChildProcess): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** Polls `check` until it returns a truthy value or the time runs out. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs the installed bin (`node bin/cronboard.mjs`: the precompiled CLI when dist/ is fresh, else tsx) on a database. */
export function runBin(databaseUrl: string, args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return finished(spawn(process.execPath, [join(root, 'bin/cronboard.mjs'), ...args], { env: cleanEnv({ DATABASE_URL: databaseUrl, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn', ...env }) }));
}

/** Alive = exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
