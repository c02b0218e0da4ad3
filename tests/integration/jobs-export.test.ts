// `cronboard export` round trips, for every field of a task: export → apply on
// an empty database recreates the same tasks; export → apply on the same
// database changes nothing. Secrets leave as `${NAME}` references only.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db';
import { applyJobs } from '../../server/jobs/apply-jobs';
import { exportJobs } from '../../server/jobs/export-jobs';
import { jobFields } from '../../server/jobs/job-document';
import { loadJobFiles } from '../../server/jobs/load-job-files';
import { decryptSecret } from '../../server/secrets/crypto';
import { createTask } from '../../server/tasks/create-task';
import type { TaskInput } from '../../server/tasks/schemas';
import { taskInclude } from '../../server/tasks/task-view';
import { tester } from './helpers/actors';
import { runCli } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const key = randomBytes(32);
const SECRETS = { API_TOKEN: 'tok-1234567890', AUTHORIZATION: 'Bearer abcdefgh' };

const TASKS: TaskInput[] = [
  {
    key: 'full-shell',
    name: 'Full shell',
    description: 'Every field\n\n*markdown*',
    kind: 'shell',
    command: './backup.sh --all',
    cwd: '/tmp',
    env: {
      PLAIN: 'a b',
      API_TOKEN: { value: SECRETS.API_TOKEN, secret: true },
      NOT_SECRET_KEY: { value: 'visible', secret: false },
    },
    schedule: '0 2 * * 1-5',
    timezone: 'Europe/Paris',
    priority: 'urgent',
    maxRetries: 3,
    retryBackoff: 'fixed',
    retryDelaySeconds: 10,
    retryMaxDelaySeconds: 600,
    retryJitter: 0.25,
    timeoutSeconds: 120,
    overlap: 'queue',
    maxInstances: 2,
    misfire: 'catch_up',
    misfireGraceSeconds: 60,
    catchUpLimit: 3,
    paused: true,
    labels: ['backup', 'nightly'],
    assignee: 'ada',
  },
  {
    key: 'http-post',
    name: 'HTTP post',
    kind: 'http',
    httpMethod: 'POST',
    httpUrl: 'https://example.com/hook',
    httpHeaders: { Authorization: SECRETS.AUTHORIZATION, 'X-Plain': 'x' },
    httpBody: '{"a":1}',
    schedule: 'every 15 minutes',
    overlap: 'allow',
    misfire: 'skip',
  },
  { key: 'http-get', name: 'http-get', kind: 'http', httpUrl: 'http://localhost:3000/api/health' },
  {
    key: 'handler',
    name: 'Handler',
    kind: 'handler',
    handler: 'reports:daily',
    payload: { nested: { list: [1, 'two', null] } },
    schedule: 'daily at 10:30',
    priority: 'low',
  },
  {
    key: 'inline-python',
    name: 'Inline Python',
    kind: 'script',
    scriptInterpreter: 'python3',
    scriptBody: 'import sys\n\nfor line in sys.stdin:\n    print(line.rstrip())\n',
    cwd: '/tmp',
    schedule: 'every 1 hour',
  },
];

async function rows(db: Db) {
  return db.task.findMany({ include: taskInclude, orderBy: { key: 'asc' } });
}

describe(`export → apply round trip on ${provider}`, () => {
  const source = useTestDatabase();
  const empty = useTestDatabase();
  const root = mkdtempSync(join(tmpdir(), 'cronboard-export-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const settings = { actor: tester, defaultTimezone: 'UTC', secretKey: key };
  const apply = (db: Db, dir: string) =>
    applyJobs({ db, jobs: loadJobFiles({ paths: [dir], defaultTimezone: 'UTC', env: SECRETS }), ...settings });

  it('recreates every field on an empty database and changes nothing on the same one', { timeout: 120_000 }, async () => {
    for (const input of TASKS) await createTask({ db: source.db, input, source: 'ui', ...settings });
    const exported = await exportJobs({ db: source.db, defaultTimezone: 'UTC' });
    const dir = join(root, 'jobs');
    mkdirSync(dir);
    for (const job of exported) writeFileSync(join(dir, job.file), job.yaml);

    const full = readFileSync(join(dir, 'full-shell.yaml'), 'utf8');
    expect(full).toContain('API_TOKEN: ${API_TOKEN}');
    expect(full).not.toContain(SECRETS.API_TOKEN);
    expect(full).toMatch(/schedule: 0 2 \* \* 1-5 # At 02:00 AM, Monday through Friday \(Europe\/Paris\)/);
    expect(full).toContain('Secrets are not exported: set API_TOKEN');
    // Only what differs from the defaults.
    expect(readFileSync(join(dir, 'http-get.yaml'), 'utf8')).toBe(
      'id: http-get\nhttp:\n  url: http://localhost:3000/api/health\n',
    );

    expect(readFileSync(join(dir, 'inline-python.yaml'), 'utf8')).toContain(
      'script: |\n  import sys\n\n  for line in sys.stdin:\n      print(line.rstrip())\ninterpreter: python3\n',
    );

    const created = await apply(empty.db, dir);
    expect(created.plan.create.sort()).toEqual(TASKS.map((t) => t.key).sort());
    const before = (await rows(source.db)).map((r) => jobFields(r, 'reference'));
    const after = (await rows(empty.db)).map((r) => jobFields(r, 'reference'));
    expect(after).toEqual(before);
    const copied = await empty.db.task.findUniqueOrThrow({ where: { key: 'full-shell' } });
    const token = (copied.env as Record<string, string>).API_TOKEN!;
    expect(decryptSecret(token, key)).toEqual({ ok: true, value: SECRETS.API_TOKEN });
    const headers = (await empty.db.task.findUniqueOrThrow({ where: { key: 'http-post' } })).httpHeaders as Record<
      string,
      string
    >;
    expect(decryptSecret(headers.Authorization!, key)).toEqual({ ok: true, value: SECRETS.AUTHORIZATION });

    // The same database: the tasks are adopted by their files, and nothing else changes.
    const same = await apply(source.db, dir);
    expect(same.plan).toMatchObject({ create: [], update: [], delete: [], unchanged: TASKS.length });
    expect((await rows(source.db)).map((r) => jobFields(r, 'reference'))).toEqual(before);
    const again = await apply(source.db, dir);
    expect(again.plan).toEqual({ create: [], adopt: [], update: [], delete: [], unchanged: TASKS.length });
    const onCopy = await apply(empty.db, dir);
    expect(onCopy.plan).toEqual({ create: [], adopt: [], update: [], delete: [], unchanged: TASKS.length });
  });

  it('cronboard export writes the files and --json prints one document', { timeout: 120_000 }, async () => {
    const env = {
      DATABASE_URL: source.url,
      CRONBOARD_DEMO: 'false',
      LOG_LEVEL: 'warn',
      CRONBOARD_ROOT: process.cwd(),
      CRONBOARD_SECRET_KEY: key.toString('base64'),
    };
    const out = join(root, 'cli');
    const written = await runCli(['export', 'full-shell', 'handler', '--dir', out], env);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain('Exported 2 task(s) to 2 files');
    expect(written.stderr).toMatch(/applying these files needs API_TOKEN/);
    expect(readFileSync(join(out, 'handler.yaml'), 'utf8')).toContain('handler: reports:daily');
    const asJson = await runCli(['export', 'handler', '--json'], env);
    expect(asJson.code, asJson.stderr).toBe(0);
    expect(JSON.parse(asJson.stdout)).toMatchObject({
      tasks: [{ key: 'handler', document: { id: 'handler', priority: 'low' } }],
    });
    const missing = await runCli(['export', 'nope'], env);
    expect(missing.code).toBe(2); // an unknown key is bad input
    expect(missing.stderr).toContain("No task with key 'nope'");
  });
});
