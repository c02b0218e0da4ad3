// issue 18 item 9: CLI commands other than `db migrate` and `worker` never
// create a database. A read-only command on a missing SQLite file used to
// create a new empty one, and the web app, restarted on it, offered /setup to
// whoever came first.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/processes';
import { testProvider } from './helpers/test-db';

const provider = testProvider();

describe.skipIf(provider !== 'sqlite')('the CLI and a missing SQLite database', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cronboard-nodb-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses with exit status 2 and creates nothing, for reads and writes alike', async () => {
    const file = join(dir, 'elsewhere', 'cronboard.db');
    for (const args of [['list'], ['show', 'nightly', '--json'], ['user', 'list'], ['token', 'list'], ['seed']]) {
      const result = await runCli(args, { DATABASE_URL: `file:${file}` });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr.trim()).toBe(`cronboard: no database at ${file}; run \`cronboard db migrate\` to create one`);
      if (args.includes('--json')) {
        // --json prints one document on stdout, the error too.
        expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'INVALID_CONFIG', exitStatus: 2 } });
      } else {
        expect(result.stdout).toBe('');
      }
    }
    expect(existsSync(join(dir, 'elsewhere'))).toBe(false);
  });

  it('names the default database as ./data/cronboard.db, and `db migrate` creates it on purpose', async () => {
    const refused = await runCli(['user', 'list'], {}, dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('no database at ./data/cronboard.db; run `cronboard db migrate` to create one');
    expect(existsSync(join(dir, 'data'))).toBe(false);

    // (From the project folder, where the migrations are.)
    const env = { DATABASE_URL: `file:${join(dir, 'data', 'cronboard.db')}` };
    const migrated = await runCli(['db', 'migrate'], env);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(existsSync(join(dir, 'data', 'cronboard.db'))).toBe(true);
    const listed = await runCli(['user', 'list', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });

  it('a deleted database stays deleted: no command brings back an empty one that would reopen /setup', async () => {
    const url = `file:${join(dir, 'gone.db')}`;
    expect((await runCli(['db', 'migrate'], { DATABASE_URL: url })).code).toBe(0);
    const added = await runCli(['user', 'add', '--email', 'ada@example.com', '--role', 'admin', '--password', 'correct horse battery'], { DATABASE_URL: url });
    expect(added.code, added.stderr).toBe(0);
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `gone.db${suffix}`), { force: true });

    const result = await runCli(['user', 'list'], { DATABASE_URL: url });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no database at');
    expect(existsSync(join(dir, 'gone.db'))).toBe(false);
  });
});

describe.skipIf(provider !== 'postgresql')('the CLI and a missing PostgreSQL database', () => {
  it('fails with a message naming the database and creates nothing', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL_POSTGRES!);
    const name = `cronboard_missing_${process.pid}`;
    url.pathname = `/${name}`;
    const result = await runCli(['list'], { DATABASE_URL: url.toString() });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(new RegExp(`${name}.*does not exist|Cannot (open|reach) the database`));
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL_POSTGRES });
    await admin.connect();
    try {
      expect((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });
});
