import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_TABLE, migrateDatabase, migrationsDirFor, readMigrations } from '../../server/db';
import { AppError } from '../../server/errors';
import { createTestDatabase, listTables, testProvider, type TestDatabase } from './helpers/test-db';

const provider = testProvider();
const MODEL_TABLES = ['ApiToken', 'BoardColumn', 'Event', 'Label', 'Run', 'RunLog', 'Session', 'Setting', 'Task', 'User', 'Worker', '_LabelToTask'];

describe(`migrations on ${provider}`, () => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('creates every table of the data model on an empty database', async () => {
    db = await createTestDatabase();
    const result = await migrateDatabase({ url: db.url });
    expect(result.applied).toEqual(readMigrations(migrationsDirFor(provider)).map((m) => m.name));
    const tables = await listTables(db);
    for (const table of [...MODEL_TABLES, MIGRATIONS_TABLE]) expect(tables).toContain(table);
  });

  it('does nothing the second time', async () => {
    db = await createTestDatabase();
    await migrateDatabase({ url: db.url });
    const before = await listTables(db);
    const second = await migrateDatabase({ url: db.url });
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(readMigrations(migrationsDirFor(provider)).length);
    expect(await listTables(db)).toEqual(before);
  });

  it('applies each migration once when two processes start at the same moment', async () => {
    db = await createTestDatabase();
    const script = `
      import { migrateDatabase } from ${JSON.stringify(join(process.cwd(), 'server/db/migrate.ts'))};
      const r = await migrateDatabase({ url: process.env.URL });
      console.log(JSON.stringify(r.applied));
    `;
    const dir = mkdtempSync(join(tmpdir(), 'cronboard-race-'));
    const file = join(dir, 'race.mts');
    writeFileSync(file, script);
    const runOne = () =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), [file], { env: { ...process.env, URL: db!.url } });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code) => resolve({ code, out, err }));
      });
    const results = await Promise.all([runOne(), runOne(), runOne()]);
    rmSync(dir, { recursive: true, force: true });
    for (const r of results) expect(r.code, r.err).toBe(0);
    const appliedLists = results.map((r) => JSON.parse(r.out.trim().split('\n').pop()!) as string[]);
    const all = readMigrations(migrationsDirFor(provider)).map((m) => m.name);
    // Exactly one process applied the migrations; the others found them done.
    expect(appliedLists.filter((l) => l.length > 0)).toEqual([all]);
    expect(appliedLists.filter((l) => l.length === 0)).toHaveLength(2);
  });

  it('stops with a clear message and leaves the database as it was when a migration fails', async () => {
    db = await createTestDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'cronboard-badmig-'));
    cpSync(migrationsDirFor(provider), dir, { recursive: true });
    mkdirSync(join(dir, '99990101000000_broken'));
    writeFileSync(join(dir, '99990101000000_broken', 'migration.sql'), 'CREATE TABLE "Fine" (id INTEGER);\nALTER TABLE "NoSuchTable" ADD COLUMN x INTEGER;\n');
    const error = await migrateDatabase({ url: db.url, migrationsDir: dir }).catch((e: unknown) => e);
    rmSync(dir, { recursive: true, force: true });
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('MIGRATION_FAILED');
    expect((error as AppError).message).toMatch(/Migration 99990101000000_broken failed: .*NoSuchTable/);
    // Nothing of the run stayed behind: not the good migrations before it, not the broken one's first statement.
    const tables = await listTables(db);
    expect(tables).not.toContain('Task');
    expect(tables).not.toContain('Fine');
    // And a normal migrate afterwards still works.
    const ok = await migrateDatabase({ url: db.url });
    expect(ok.applied.length).toBeGreaterThan(0);
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    db = await createTestDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'cronboard-editmig-'));
    cpSync(migrationsDirFor(provider), dir, { recursive: true });
    await migrateDatabase({ url: db.url, migrationsDir: dir });
    const first = readMigrations(dir)[0]!;
    writeFileSync(join(dir, first.name, 'migration.sql'), first.sql + '\n-- edited\n');
    await expect(migrateDatabase({ url: db.url, migrationsDir: dir })).rejects.toThrow(/was changed after it was applied/);
    rmSync(dir, { recursive: true, force: true });
  });
});
