// The jobs folder synced by workers (config jobsDir): applied at start and on
// every change, one broken file left out (its tasks kept, a jobs.sync_failed
// event and the banner's status), and two workers on one folder doubling nothing.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getJobsSyncStatus, recordJobsSyncOutcome } from '../../server/jobs/sync-status';
import { tester } from './helpers/actors';
import { waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { inProcessWorker, testConfig } from './helpers/worker-harness';

const provider = testProvider();

describe(`jobs folder sync on ${provider}`, () => {
  const t = useTestDatabase();
  const root = mkdtempSync(join(tmpdir(), 'cronboard-sync-'));
  const dir = join(root, 'jobs');
  cpSync(join(process.cwd(), 'examples/jobs'), dir, { recursive: true });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it(
    'two workers apply the folder once, follow edits, and keep a broken file’s tasks while the banner says why',
    { timeout: 90_000 },
    async () => {
      const config = testConfig(t.url, { jobsDir: dir });
      const workers = [inProcessWorker(t.db, config, { name: 'sync-a' }), inProcessWorker(t.db, config, { name: 'sync-b' })];
      await Promise.all(workers.map((w) => w.start()));
      try {
        await waitFor(async () => (await t.db.task.count({ where: { source: 'yaml' } })) === 4, 15_000, 'the folder applied');
        // Both workers synced (the second one a moment later): nothing doubled.
        await new Promise((r) => setTimeout(r, 2500));
        expect(await t.db.task.count()).toBe(4);
        expect(await t.db.event.count({ where: { type: 'task.created' } })).toBe(4);
        expect(await getJobsSyncStatus({ db: t.db })).toMatchObject({ ok: true, problems: [] });

        const daily = join(dir, 'example-daily.yaml');
        writeFileSync(daily, readFileSync(daily, 'utf8').replace('max_retries: 2', 'max_retries: 5'));
        const started = Date.now();
        await waitFor(
          async () => (await t.db.task.findUnique({ where: { key: 'example-daily' } }))?.maxRetries === 5,
          10_000,
          'the edit applied',
        );
        expect(Date.now() - started).toBeLessThan(5000);

        // A broken file next to a valid edit: the edit applies, the broken file's task stays as it was.
        const health = join(dir, 'health-check.yaml');
        writeFileSync(health, readFileSync(health, 'utf8').replace('every 10 minutes', '61 * * * *'));
        writeFileSync(daily, readFileSync(daily, 'utf8').replace('max_retries: 5', 'max_retries: 6'));
        await waitFor(async () => (await getJobsSyncStatus({ db: t.db }))?.ok === false, 10_000, 'the problem reported');
        await waitFor(
          async () => (await t.db.task.findUnique({ where: { key: 'example-daily' } }))?.maxRetries === 6,
          10_000,
          'the valid edit',
        );
        expect(await t.db.task.findUniqueOrThrow({ where: { key: 'health-check' } })).toMatchObject({
          schedule: 'every 10 minutes',
        });
        const status = await getJobsSyncStatus({ db: t.db });
        expect(status?.problems).toEqual([
          expect.stringMatching(/health-check\.yaml:\d+:\d+: schedule: minute: 61 is out of range 0-59/),
        ]);
        const failed = await t.db.event.findMany({ where: { type: 'jobs.sync_failed' } });
        expect(failed.length).toBeGreaterThanOrEqual(1);
        expect(JSON.stringify(failed[0]!.payload)).toMatch(/health-check\.yaml:\d+:\d+: schedule/);

        writeFileSync(health, readFileSync(health, 'utf8').replace('61 * * * *', 'every 20 minutes'));
        await waitFor(async () => (await getJobsSyncStatus({ db: t.db }))?.ok === true, 10_000, 'the banner cleared');
        expect(await t.db.task.findUniqueOrThrow({ where: { key: 'health-check' } })).toMatchObject({
          schedule: 'every 20 minutes',
        });
        expect(await t.db.task.count()).toBe(4);
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
      }
    },
  );

  it('takes the banner down when a worker starts without a jobs folder (jobsDir removed)', { timeout: 30_000 }, async () => {
    await recordJobsSyncOutcome({ db: t.db, folder: 'jobs', problems: ['jobs/a.yaml:1:1: schedule: is required'], actor: tester });
    expect(await getJobsSyncStatus({ db: t.db })).toMatchObject({ ok: false });
    const worker = inProcessWorker(t.db, testConfig(t.url), { name: 'no-folder' });
    await worker.start();
    try {
      await waitFor(async () => (await getJobsSyncStatus({ db: t.db })) === null, 10_000, 'the stale status gone');
    } finally {
      await worker.stop();
    }
  });
});
