import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Provider } from '../../../server/db';
import { createPgDatabase, dropPgDatabase } from '../../../scripts/lib/scratch-database';

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
  const base = pgBaseUrl();
  const { name, url } = await createPgDatabase(base, 'cronboard_t');
  return {
    provider: 'postgresql',
    url,
    drop: () => dropDatabase(base, name),
  };
}

/** Drops a test database (plain, then FORCE). Cleanup never fails a test: after a few tries it only warns. */
async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await dropPgDatabase(baseUrl, name);
      return;
    } catch (error) {
      lastError = error;
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
