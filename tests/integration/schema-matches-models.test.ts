import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../server/db';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/test-db';

const provider = testProvider();
const root = process.cwd();

/** Tables, columns (type, nullability, default) and indexes, in a provider-neutral sorted list. */
async function describeSchema(db: TestDatabase): Promise<string[]> {
  const lines: string[] = [];
  if (db.provider === 'sqlite') {
    const sqlite = new Database(db.url.slice('file:'.length), { readonly: true });
    try {
      const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '_cronboard_migrations'").all() as { name: string }[];
      for (const { name } of tables) {
        for (const c of sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[]) {
          lines.push(`${name}.${c.name} ${c.type} ${c.notnull ? 'NOT NULL' : 'NULL'} default=${c.dflt_value} pk=${c.pk}`);
        }
        for (const fk of sqlite.prepare(`PRAGMA foreign_key_list("${name}")`).all() as { table: string; from: string; to: string; on_delete: string }[]) {
          lines.push(`${name} fk ${fk.from} -> ${fk.table}.${fk.to} on delete ${fk.on_delete}`);
        }
      }
      for (const ix of sqlite.prepare("SELECT sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL").all() as { sql: string }[]) lines.push(ix.sql);
    } finally {
      sqlite.close();
    }
  } else {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const cols = await c.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(
        "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema='public' AND table_name <> '_cronboard_migrations'",
      );
      for (const r of cols.rows) lines.push(`${r.table_name}.${r.column_name} ${r.data_type} ${r.is_nullable} default=${r.column_default}`);
      const idx = await c.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE schemaname='public' AND tablename <> '_cronboard_migrations'");
      for (const r of idx.rows) lines.push(r.indexdef);
      const fks = await c.query<{ def: string; conname: string }>("SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype='f' AND connamespace='public'::regnamespace");
      for (const r of fks.rows) lines.push(`${r.conname} ${r.def}`);
    } finally {
      await c.end();
    }
  }
  return lines.sort();
}

describe(`the committed ${provider} migrations build exactly the schema of the models`, () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('migrations from empty equal a fresh schema generated from prisma/models.prisma', async () => {
    const migrated = await createTestDatabase();
    const fresh = await createTestDatabase();
    dbs.push(migrated, fresh);
    await migrateDatabase({ url: migrated.url });

    const diff = spawnSync(join(root, 'node_modules/.bin/prisma'), ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', join(root, 'prisma', provider, 'schema.prisma'), '--script'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PRISMA_PROVIDER: provider, PRISMA_SHADOW_URL: fresh.url, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
    });
    expect(diff.status, diff.stderr).toBe(0);
    if (fresh.provider === 'sqlite') {
      const sqlite = new Database(fresh.url.slice('file:'.length));
      sqlite.exec(diff.stdout);
      sqlite.close();
    } else {
      const c = new pg.Client({ connectionString: fresh.url });
      await c.connect();
      await c.query(diff.stdout);
      await c.end();
    }
    expect(await describeSchema(migrated)).toEqual(await describeSchema(fresh));
  });
});
