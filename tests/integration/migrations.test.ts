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

describe(`upgrading a database that holds data on ${provider}`, () => {
  it('keeps every row, child rows included, through later migrations', async () => {
    const db = await createTestDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'cronboard-upgrade-'));
    try {
      const all = readMigrations(migrationsDirFor(provider));
      expect(all.length).toBeGreaterThan(1);
      // Start from the first migration only, as an older install would have.
      cpSync(join(migrationsDirFor(provider), all[0]!.name), join(dir, all[0]!.name), { recursive: true });
      await migrateDatabase({ url: db.url, migrationsDir: dir });
      const { openDatabase } = await import('../../server/db');
      let handle = await openDatabase(db.url);
      // Raw SQL: the current client knows columns the old schema lacks.
      const q = (sql: string) => handle.db.$executeRawUnsafe(sql);
      await q(`INSERT INTO "Task" ("key", "name", "kind", "timezone", "updatedAt") VALUES ('old', 'Old task', 'shell', 'UTC', '2026-01-01T00:00:00.000+00:00')`);
      await q(`INSERT INTO "Run" ("taskId", "trigger", "priority") SELECT id, 'manual', 3 FROM "Task" WHERE "key" = 'old'`);
      await q(`INSERT INTO "RunLog" ("runId", "seq", "stream", "data") SELECT id, 1, 'stdout', 'kept' FROM "Run"`);
      await handle.close();

      const upgrade = await migrateDatabase({ url: db.url });
      expect(upgrade.applied).toEqual(all.slice(1).map((m) => m.name));
      handle = await openDatabase(db.url);
      const run = await handle.db.run.findFirstOrThrow({ include: { logs: true, task: true } });
      expect(run.task.key).toBe('old');
      expect(run.logs.map((l) => l.data)).toEqual(['kept']);
      expect(run.basePriority).toBe(3);
      await handle.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
});
