// `cronboard import --crontab` through the real CLI process, on both databases:
// a realistic crontab (comments, env lines, MAILTO, macros, CRON_TZ) becomes
// shell tasks in one transaction; a bad line stops it naming the line, with
// nothing created; `--dir` writes job files that `cronboard apply` turns into
// the same tasks.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, finished, runCli, TSX } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const CRONTAB = join(process.cwd(), 'examples/crontab/crontab');
const KEYS = ['artisan-schedule-run', 'backup', 'backup-2', 'curl-ping', 'date-y-m', 'weekly'];

describe(`cronboard import --crontab on ${provider}`, () => {
  const t = useTestDatabase();
  const dirs: string[] = [];
  const env = () => ({ DATABASE_URL: t.url, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn', USER: 'alice', CRONBOARD_TIMEZONE: 'UTC' });
  const cli = (...args: string[]) => runCli(args, env());
  const cliWithStdin = (input: string, ...args: string[]) => {
    const child = spawn(TSX, [join(process.cwd(), 'cli/main.ts'), ...args], { env: cleanEnv(env()) });
    child.stdin.end(input);
    return finished(child);
  };
  const tasks = () =>
    t.db.task.findMany({
      orderBy: { key: 'asc' },
      select: { key: true, name: true, description: true, kind: true, command: true, schedule: true, timezone: true, env: true, source: true },
    });

  beforeEach(() => t.reset(['run', 'task', 'event']));
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('imports a realistic crontab from stdin as shell tasks, after a dry run that creates nothing', { timeout: 120_000 }, async () => {
    const dry = await cli('import', '--crontab', CRONTAB, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('+ create backup\n');
    expect(dry.stdout).toContain('Dry run: 6 change(s) planned, nothing changed.');
    expect(await t.db.task.count()).toBe(0);

    const done = await cliWithStdin(readFileSync(CRONTAB, 'utf8'), 'import', '--crontab', '-', '--json');
    expect(done.code, done.stderr).toBe(0);
    const plan = JSON.parse(done.stdout) as { create: string[]; applied: boolean; unchanged: number };
    expect(plan).toMatchObject({ applied: true, unchanged: 0 });
    expect(plan.create.sort()).toEqual(KEYS);

    const byKey = Object.fromEntries((await tasks()).map((task) => [task.key, task]));
    expect(Object.keys(byKey)).toEqual(KEYS);
    expect(byKey.backup).toMatchObject({
      name: 'Nightly database backup',
      kind: 'shell',
      command: '/usr/local/bin/backup.sh --full >> /var/log/backup.log 2>&1',
      schedule: '30 2 * * *',
      timezone: 'UTC',
      source: 'cli',
    });
    // The comments right above the entry, then MAILTO kept as a note.
    expect(byKey.backup!.description).toBe(
      "Nightly database backup\n(keeps seven days of dumps)\nThe crontab mailed this entry's output to ops@example.com (MAILTO); Cronboard sends no mail.",
    );
    expect(byKey.backup!.env).toEqual({ SHELL: '/bin/bash', PATH: '/usr/local/bin:/usr/bin:/bin' });
    // No comment right above: the name is the command; the macro is kept.
    expect(byKey['artisan-schedule-run']).toMatchObject({ name: 'php /var/www/artisan schedule:run', schedule: '@hourly' });
    // CRON_TZ applies to the lines below it, and MAILTO="" replaces the earlier address.
    expect(byKey.weekly).toMatchObject({ schedule: '0 9 * * 1', timezone: 'Europe/Paris', command: 'cd /srv/reports && ./weekly.sh' });
    expect(byKey.weekly!.description).toContain('MAILTO=""');
    expect(byKey['backup-2']).toMatchObject({ schedule: '@weekly', timezone: 'Europe/Paris' });
    // `\%` is crontab's literal %.
    expect(byKey['date-y-m']!.command).toBe('date +%Y-%m > /tmp/last-month');
    expect(byKey['curl-ping']!.timezone).toBe('UTC');

    // Importing again would make the same keys: refused, nothing changed.
    const again = await cli('import', '--crontab', CRONTAB);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${CRONTAB}:10:1: key: a task with key 'backup' already exists`);
    expect(await t.db.task.count()).toBe(6);
  });

  it('stops at bad lines with exit 2, naming each line and its reason, and creates nothing', { timeout: 60_000 }, async () => {
    const text = `${readFileSync(CRONTAB, 'utf8')}61 * * * * /usr/local/bin/too-late.sh\n@reboot /usr/local/bin/start.sh\n`;
    const bad = await cliWithStdin(text, 'import', '--crontab', '-');
    expect(bad.code).toBe(2);
    const lines = text.split('\n').length - 1;
    expect(bad.stderr).toContain(`crontab:${lines - 1}:1: schedule: minute: 61 is out of range 0-59`);
    expect(bad.stderr).toContain(`crontab:${lines}:1: schedule: @reboot is not supported`);
    expect(bad.stderr).toContain('2 problem(s); nothing was changed.');
    expect(await t.db.task.count()).toBe(0);
  });

  it('--dir writes job files (secrets as ${NAME}) that apply makes into the same tasks', { timeout: 120_000 }, async () => {
    const imported = await cli('import', '--crontab', CRONTAB);
    expect(imported.code, imported.stderr).toBe(0);
    const direct = await tasks();
    await t.reset(['run', 'task', 'event']);

    const dir = join(mkdtempSync(join(tmpdir(), 'cronboard-import-')), 'jobs');
    dirs.push(join(dir, '..'));
    const wrote = await cliWithStdin(
      `API_TOKEN=hunter2\n${readFileSync(CRONTAB, 'utf8')}`,
      'import',
      '--crontab',
      '-',
      '--dir',
      dir,
    );
    expect(wrote.code, wrote.stderr).toBe(0);
    expect(await t.db.task.count()).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(KEYS.map((k) => `${k}.yaml`).sort());
    const backup = readFileSync(join(dir, 'backup.yaml'), 'utf8');
    expect(backup).toContain('schedule: 30 2 * * * # At 02:30 AM, every day (UTC)');
    expect(backup).toContain('API_TOKEN: ${API_TOKEN}');
    expect(backup).not.toContain('hunter2');
    expect(wrote.stderr).toContain('needs API_TOKEN in the environment');

    // Without the secret, the applied tasks match the direct import but for where they come from.
    for (const file of readdirSync(dir)) {
      const path = join(dir, file);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/ {2}API_TOKEN: \$\{API_TOKEN\}\n/, ''));
    }
    const applied = await cli('apply', dir);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await tasks()).map((task) => ({ ...task, source: 'cli' }))).toEqual(direct);
  });
});
