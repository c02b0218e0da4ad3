// Event triggers through the transports (issue 13 item 6): the CLI's --on on
// create and update (a cycle named, exit 2, on the --on flag), and YAML `on:`
// (apply, export, re-apply with no change; a folder that closes a loop is
// refused as a whole). Both databases.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { applyJobs } from '../../server/jobs/apply-jobs';
import { exportJobs } from '../../server/jobs/export-jobs';
import { loadJobFiles } from '../../server/jobs/load-job-files';
import { tester } from './helpers/actors';
import { runBin } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

describe(`event triggers in the CLI and YAML on ${testProvider()}`, () => {
  const t = useTestDatabase();
  const cli = (...args: string[]) => runBin(t.url, args);
  const dirs: string[] = [];
  const folder = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'cronboard-on-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  const apply = (dir: string) => applyJobs({ db: t.db, jobs: loadJobFiles({ paths: [dir], defaultTimezone: 'UTC' }), actor: tester, defaultTimezone: 'UTC' });
  beforeEach(() => t.reset(['run', 'task', 'event']));
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('cronboard create/update --on sets the event schedule; a cycle is refused naming the path; --on with --schedule is a usage error', async () => {
    expect((await cli('create', '--key', 'nightly-backup', '--name', 'Backup', '--command', 'true', '--schedule', 'manual')).code).toBe(0);
    const created = await cli('create', '--key', 'report', '--name', 'Report', '--command', 'true', '--on', 'run.succeeded of nightly-backup', '--json');
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ key: 'report', schedule: 'on: run.succeeded of nightly-backup', nextRunAt: null });
    const text = await cli('show', 'report');
    expect(text.stdout).toContain('After nightly-backup succeeds');
    // show --json carries what triggers the task and what it triggers (server/triggers/list-task-chain.ts).
    expect(JSON.parse((await cli('show', 'report', '--json')).stdout)).toMatchObject({ triggeredBy: { kind: 'task', key: 'nightly-backup', outcome: 'succeeded' }, triggers: [] });
    expect(JSON.parse((await cli('show', 'nightly-backup', '--json')).stdout)).toMatchObject({ triggeredBy: null, triggers: [{ key: 'report', outcome: 'succeeded' }] });

    const cycle = await cli('update', 'nightly-backup', '--on', 'run.finished of report', '--json');
    expect(cycle.code).toBe(2);
    expect((JSON.parse(cycle.stdout) as { error: { message: string } }).error.message).toMatch(/^--on: cycle: nightly-backup → report → nightly-backup/);
    const both = await cli('create', '--key', 'x', '--name', 'X', '--command', 'true', '--schedule', '5m', '--on', 'email.sent');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--schedule and --on cannot be combined/);
    const bad = await cli('update', 'report', '--on', 'run.started of nightly-backup');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--on: .*a chain follows run.succeeded, run.failed or run.finished/);
  }, 120_000);

  it('YAML on: applies, exports as on: and re-applies with no change; a loop across files is refused', async () => {
    const dir = folder({
      'a.yaml': 'id: fetch\ncommand: "true"\nschedule: "0 2 * * *"\n',
      'b.yaml': 'id: load\ncommand: "true"\non: run.succeeded of fetch\n',
      'c.yaml': 'id: on-mail\ncommand: "true"\non: email.batch_processed\n',
    });
    const first = await apply(dir);
    expect(first.plan.create.sort()).toEqual(['fetch', 'load', 'on-mail']);
    expect(await t.db.task.findUniqueOrThrow({ where: { key: 'load' } })).toMatchObject({ schedule: 'on: run.succeeded of fetch', scheduleKind: 'event', nextRunAt: null });

    const exported = await exportJobs({ db: t.db, keys: ['load', 'on-mail'], defaultTimezone: 'UTC' });
    const load = exported.find((e) => e.key === 'load')!;
    expect(load.yaml).toMatch(/^on: run.succeeded of fetch # After fetch succeeds$/m);
    expect(load.yaml).not.toMatch(/^schedule:/m);
    // The exported files in place of the written ones: the same tasks.
    writeFileSync(join(dir, 'b.yaml'), load.yaml);
    writeFileSync(join(dir, 'c.yaml'), exported.find((e) => e.key === 'on-mail')!.yaml);
    const second = await apply(dir);
    expect(second.plan).toMatchObject({ create: [], update: [], delete: [] });

    const loop = folder({
      'p.yaml': 'id: ping\ncommand: "true"\non: run.succeeded of pong\n',
      'q.yaml': 'id: pong\ncommand: "true"\non: run.succeeded of ping\n',
    });
    await expect(apply(loop)).rejects.toThrow(/cycle: (ping → pong → ping|pong → ping → pong)/);
    expect(await t.db.task.count({ where: { key: { in: ['ping', 'pong'] } } })).toBe(0);
  }, 60_000);
});
