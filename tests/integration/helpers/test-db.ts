import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Provider } from '../../../server/db';

/**
 * Which database the integration suite runs on: CRONBOARD_TEST_PROVIDER
 * (sqlite, the default, or postgresql with TEST_DATABASE_URL_POSTGRES). The same
 * test files run on both; scripts/test-all.mjs runs the suite once per provider.
 */
export function testProvider(): Provider {
  return process.env.CRONBOARD_TEST_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';
}

export interface TestDatabase {
  provider: Provider;
  url: string;
  drop(): Promise<void>;
}

function pgBaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL_POSTGRES;
  if (!url) throw new Error('CRONBOARD_TEST_PROVIDER=postgresql needs TEST_DATABASE_URL_POSTGRES');
  return url;
}

/** A brand-new empty database: a file in a temp folder, or a fresh PostgreSQL database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testProvider() === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cronboard-test-'));
    return {
      provider: 'sqlite',
      url: `file:${join(dir, 'test.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const base = new URL(pgBaseUrl());
  const name = `cronboard_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    provider: 'postgresql',
    url: url.toString(),
    drop: () => dropDatabase(base.toString(), name),
  };
}

/**
 * Drops a test database. A plain DROP first: it waits out autovacuum workers
 * itself, which WITH (FORCE) would have to terminate (and a non-superuser test
 * role may not). Then FORCE, for connections of our own a test left open.
 * Cleanup never fails a test: after a few tries it only warns.
 */
async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 6; attempt++) {
    const c = new pg.Client({ connectionString: baseUrl });
    try {
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}"${attempt % 2 === 1 ? ' WITH (FORCE)' : ''}`);
      return;
    } catch (error) {
      lastError = error;
    } finally {
      await c.end().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.warn(`could not drop test database ${name}: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
}

/** Table names in the test database (public schema on PostgreSQL). */
export async function listTables(db: TestDatabase): Promise<string[]> {
  if (db.provider === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const sqlite = new Database(db.url.slice('file:'.length), { readonly: true });
    try {
      return (sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    } finally {
      sqlite.close();
    }
  }
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const { rows } = await c.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    return rows.map((r) => r.tablename);
  } finally {
    await c.end();
  }
}
