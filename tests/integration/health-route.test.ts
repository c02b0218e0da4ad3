// /api/health as Next.js calls it (a Response out) on a real database: it
// write-probes, answers 503 with the reason when the database cannot be
// written or the SQLite file was deleted or replaced, and 200 again once fixed.
import { copyFileSync, linkSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '../../server/config';
import { closeDatabase, migrateDatabase } from '../../server/db';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/test-db';
import { immutableUnsupported, makeUnwritable, makeWritable } from './helpers/unwritable';

const provider = testProvider();
const noImmutable = provider === 'sqlite' ? immutableUnsupported() : 'SQLite only';

interface HealthBody {
  status: string;
  ok: boolean;
  checks: { database: { ok: boolean; provider?: string; code?: string; reason?: string } };
}

describe(`/api/health on ${provider}`, () => {
  let testDb: TestDatabase;
  let dir: string;
  let GET: () => Promise<Response>;
  const saved = { ...process.env };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await migrateDatabase({ url: testDb.url });
    dir = mkdtempSync(join(tmpdir(), 'cronboard-health-'));
    writeFileSync(join(dir, 'cronboard.yaml'), 'demo: false\n');
    Object.assign(process.env, { DATABASE_URL: testDb.url, CRONBOARD_CONFIG: join(dir, 'cronboard.yaml'), CRONBOARD_DEMO: 'false', LOG_LEVEL: 'silent' });
    resetConfigForTests();
    GET = (await import('../../app/api/health/route')).GET;
  });
  afterAll(async () => {
    await closeDatabase();
    process.env = saved;
    resetConfigForTests();
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const health = async () => {
    const started = Date.now();
    const response = await GET();
    return { status: response.status, body: (await response.json()) as HealthBody, ms: Date.now() - started };
  };

  it('answers 200 with status ok when the database can be written', async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', ok: true, checks: { database: { ok: true, provider } } });
  });

  it.skipIf(noImmutable)('answers 503 with the reason while the SQLite file cannot be written, and 200 again once it can', async () => {
    const file = testDb.url.slice('file:'.length);
    makeUnwritable(file);
    try {
      for (let i = 0; i < 3; i++) {
        const { status, body, ms } = await health();
        expect(status).toBe(503);
        expect(body).toMatchObject({ status: 'error', ok: false, checks: { database: { ok: false, code: 'write_failed' } } });
        expect(body.checks.database.reason).toMatch(/^cannot write to the database: disk I\/O error/);
        expect(ms).toBeLessThan(3_000);
      }
    } finally {
      makeWritable(file);
    }
    expect((await health()).status).toBe(200);
  });

  it.skipIf(provider !== 'sqlite')('answers 503 when the SQLite file it holds was replaced or deleted, 200 when it is back', async () => {
    const file = testDb.url.slice('file:'.length);
    const original = `${file}.original`;
    expect((await health()).status).toBe(200);

    // Replaced (a restore, `mv new.db cronboard.db`): another file at the same path.
    linkSync(file, original);
    copyFileSync(file, `${file}.copy`);
    renameSync(`${file}.copy`, file);
    let { status, body } = await health();
    expect(status).toBe(503);
    expect(body.checks.database).toMatchObject({ ok: false, code: 'file_replaced' });
    expect(body.checks.database.reason).toMatch(/database file .*test\.db was replaced while this process had it open; restart it/);
    renameSync(original, file);
    expect((await health()).status).toBe(200);

    // Deleted: writes would go to the unlinked file and be lost.
    linkSync(file, original);
    unlinkSync(file);
    ({ status, body } = await health());
    expect(status).toBe(503);
    expect(body.checks.database).toMatchObject({ ok: false, code: 'file_deleted' });
    expect(body.checks.database.reason).toMatch(/was deleted while this process had it open/);
    renameSync(original, file);
    expect((await health()).status).toBe(200);
  });

  it.skipIf(provider !== 'postgresql')('answers 503 while the PostgreSQL database is read-only, and 200 again once it is writable', async () => {
    const name = new URL(testDb.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: testDb.url });
    admin.on('error', () => undefined); // dropped with the database at the end
    await admin.connect();
    // New sessions are read-only; end the app's current ones so its pool reconnects into that.
    const setReadOnly = async (on: boolean) => {
      await admin.query(`ALTER DATABASE "${name}" SET default_transaction_read_only = ${on ? 'on' : 'off'}`);
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND usename = current_user",
        [name],
      );
    };
    try {
      await setReadOnly(true);
      // The first call may meet a connection that was just terminated; the next ones reconnect read-only.
      const seen = [];
      for (let i = 0; i < 3; i++) seen.push(await health());
      const last = seen.at(-1)!;
      expect(last.status).toBe(503);
      expect(last.body.checks.database).toMatchObject({ ok: false, code: 'write_failed' });
      expect(last.body.checks.database.reason).toMatch(/read-only transaction/);
    } finally {
      await setReadOnly(false).catch(() => undefined);
    }
    await admin.end();
    const again = [];
    for (let i = 0; i < 3; i++) again.push(await health());
    expect(again.at(-1)!.status).toBe(200);
  });
});
