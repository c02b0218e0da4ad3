// The installed bin works from any folder: the project folder (migrations,
// data/logs) comes from where bin/cronboard.mjs lives, not from the working
// directory (it used to fail with "Migrations folder not found" elsewhere).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, finished } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const BIN = join(process.cwd(), 'bin/cronboard.mjs');

describe(`cronboard from outside the project folder on ${testProvider()}`, () => {
  const t = useTestDatabase();
  const elsewhere = mkdtempSync(join(tmpdir(), 'cronboard-elsewhere-'));
  afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

  it('creates and lists a task from a temporary folder', { timeout: 90_000 }, async () => {
    const cli = (...args: string[]) => {
      const env = cleanEnv({ DATABASE_URL: t.url, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn', USER: 'alice' });
      delete env.CRONBOARD_ROOT;
      return finished(spawn(process.execPath, [BIN, ...args], { cwd: elsewhere, env }));
    };
    const created = await cli('create', '--key', 'from-elsewhere', '--name', 'From elsewhere', '--command', 'true', '--schedule', 'manual');
    expect(created.code, created.stderr).toBe(0);
    const listed = await cli('list', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).not.toContain('Migrations folder not found');
    expect((JSON.parse(listed.stdout) as { key: string }[]).map((task) => task.key)).toContain('from-elsewhere');
  });
});
