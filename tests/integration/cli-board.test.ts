// The CLI does what the board does (issue 11 item 9), through the installed bin
// (`node bin/cronboard.mjs`: the precompiled CLI when dist/ is fresh, else tsx).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cleanEnv, finished } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const BIN = join(process.cwd(), 'bin/cronboard.mjs');

describe(`cronboard board commands on ${provider}`, () => {
  const testDb = useTestDatabase();
  const cliWith = (env: Record<string, string>, ...args: string[]) =>
    finished(
      spawn(process.execPath, [BIN, ...args], {
        env: cleanEnv({ DATABASE_URL: testDb.url, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn', USER: 'bob', ALLOWED_WORKDIRS: tmpdir(), ...env }),
      }),
    );
  const cli = (...args: string[]) => cliWith({}, ...args);
  const ok = async (...args: string[]) => {
    const r = await cli(...args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout;
  };
  const okJson = async <T>(...args: string[]): Promise<T> => JSON.parse(await ok(...args, '--json')) as T;
  const bad = async (message: RegExp, ...args: string[]) => {
    const r = await cli(...args);
    expect(r.code, args.join(' ')).toBe(2);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  };

  it('create and update take every field of the form; show --json prints them', { timeout: 240_000 }, async () => {
    await ok(
      'create', '--key', 'ping', '--name', 'Ping', '--http-url', 'http://127.0.0.1:9/ping', '--http-method', 'POST',
      '--header', 'X-Team: ops', '--header', 'Content-Type: application/json', '--http-body', '{"hi":1}',
      '--schedule', '5m', '--description', 'Pings **ops**', '--label', 'nightly', '--label', 'ops', '--assignee', 'ada',
      '--retry-max-delay', '600', '--misfire', 'skip', '--misfire-grace', '120', '--jitter', '0.25', '--catch-up-limit', '3',
    );
    await ok('create', '--key', 'sh', '--name', 'Shell', '--command', 'echo $GREETING', '--schedule', 'manual', '--env', 'GREETING=hello=world', '--env', 'LANG_X=fr', '--label', 'nightly');
    const ping = await okJson<{ input: Record<string, unknown>; labels: { name: string }[]; assignee: string; description: string }>('show', 'ping');
    expect(ping.description).toBe('Pings **ops**');
    expect(ping.assignee).toBe('ada');
    expect(ping.labels.map((l) => l.name).sort()).toEqual(['nightly', 'ops']);
    expect(ping.input).toMatchObject({
      httpMethod: 'POST',
      httpBody: '{"hi":1}',
      retryMaxDelaySeconds: 600,
      misfire: 'skip',
      misfireGraceSeconds: 120,
      retryJitter: 0.25,
      catchUpLimit: 3,
    });
    expect(JSON.stringify(ping.input.httpHeaders)).toContain('ops');
    const sh = await okJson<{ input: { env: Record<string, unknown> } }>('show', 'sh');
    expect(JSON.stringify(sh.input.env)).toContain('hello=world');

    await ok('update', 'ping', '--assignee', '', '--label', 'ops');
    const updated = await testDb.db.task.findUniqueOrThrow({ where: { key: 'ping' }, include: { labels: true } });
    expect(updated.assignee).toBeNull();
    expect(updated.labels.map((l) => l.name)).toEqual(['ops']);

    await bad(/^cronboard: --env: 'NOPE' must be NAME=VALUE$/, 'update', 'sh', '--env', 'NOPE');
    await bad(/^cronboard: --jitter: '1.5' is not a fraction between 0 and 1/, 'update', 'sh', '--jitter', '1.5');
    await ok('update', 'sh', '--jitter', '0', '--catch-up-limit', '1000');
    expect(await testDb.db.task.findUniqueOrThrow({ where: { key: 'sh' } })).toMatchObject({ retryJitter: 0, catchUpLimit: 1000 });
    await bad(/^cronboard: --cwd: .*outside the allowed working directories/, 'create', '--key', 'etc', '--name', 'E', '--command', 'ls', '--schedule', 'manual', '--cwd', '/etc');
  });

  it('moves cards like a drag: place in a column, Done stops the schedule, In progress runs it now', { timeout: 240_000 }, async () => {
    for (const key of ['a', 'b', 'c']) await ok('create', '--key', key, '--name', key.toUpperCase(), '--command', 'true', '--schedule', '0 3 * * *');
    const todo = async () => (await okJson<{ key: string }[]>('list', '--status', 'todo')).map((t) => t.key);
    expect(await todo()).toEqual(['ping', 'sh', 'a', 'b', 'c']);
    await ok('move', 'c', 'todo', '--top');
    expect(await todo()).toEqual(['c', 'ping', 'sh', 'a', 'b']);
    await ok('move', 'b', 'Todo', '--after', 'c');
    expect(await todo()).toEqual(['c', 'b', 'ping', 'sh', 'a']);

    expect((await ok('move', 'a', 'done')).trim()).toBe('Moved a from Todo to Done.');
    const a = await testDb.db.task.findUniqueOrThrow({ where: { key: 'a' } });
    expect([a.status, a.nextRunAt]).toEqual(['done', null]);
    const moved = await testDb.db.event.findFirstOrThrow({ where: { type: 'task.moved', taskKey: 'a' }, orderBy: { id: 'desc' } });
    expect(moved).toMatchObject({ actorName: 'bob', actorId: 'cli' });
    expect(moved.payload).toMatchObject({ from: 'todo', to: 'done', reason: 'board' });

    const started = await okJson<{ queuedRunId: number; task: { status: string } }>('move', 'a', 'in-progress');
    expect(started.task.status).toBe('in_progress');
    expect(await testDb.db.run.findUniqueOrThrow({ where: { id: started.queuedRunId } })).toMatchObject({ trigger: 'manual', status: 'queued' });

    await bad(/^cronboard: COLUMN: 'sideways' is not a column/, 'move', 'b', 'sideways');
    await bad(/^cronboard: --before: 'c' is in Todo, not in In review$/, 'move', 'b', 'in_review', '--before', 'c');
    await bad(/^cronboard: No task with key 'nope'$/, 'move', 'nope', 'todo');
    // --json asked: the error is one JSON document on stdout too.
    const failed = await cli('move', 'nope', 'todo', '--json');
    expect(JSON.parse(failed.stdout)).toEqual({ error: { code: 'NOT_FOUND', message: "No task with key 'nope'", exitStatus: 2 } });
  });

  it('pauses and resumes all tasks or by label; lists by label, paused, column and as YAML', { timeout: 240_000 }, async () => {
    expect((await ok('pause', '--all')).trim()).toMatch(/^Paused \d+ task\(s\): /);
    expect(await testDb.db.task.count({ where: { paused: false } })).toBe(0);
    await ok('resume', '--label', 'nightly');
    const resumed = await testDb.db.task.findMany({ where: { paused: false }, select: { key: true }, orderBy: { key: 'asc' } });
    expect(resumed.map((t) => t.key)).toEqual(['sh']);
    const paused = await okJson<{ key: string; paused: boolean }[]>('list', '--paused');
    expect(paused.every((t) => t.paused) && paused.length).toBe((await testDb.db.task.count()) - 1);
    expect((await okJson<{ key: string }[]>('list', '--label', 'ops')).map((t) => t.key)).toEqual(['ping']);
    const yaml = parseYaml(await ok('list', '--format', 'yaml', '--status', 'in_progress')) as { key: string }[];
    expect(yaml.map((t) => t.key)).toEqual(['a']);
    await bad(/^cronboard: --format: 'xml' must be table, json or yaml$/, 'list', '--format', 'xml');
    await bad(/^cronboard: pause: give a task key, --all or --label L$/, 'pause');
  });

  it('history across tasks with filters, next for one task, stats, and the event log', { timeout: 240_000 }, async () => {
    const [sh, ping] = await Promise.all(['sh', 'ping'].map((key) => testDb.db.task.findUniqueOrThrow({ where: { key } })));
    const now = Date.now();
    await testDb.db.run.createMany({
      data: [
        { taskId: sh!.id, trigger: 'manual', status: 'succeeded', startedAt: new Date(now - 5000), finishedAt: new Date(now - 4000), durationMs: 1000, exitCode: 0 },
        { taskId: sh!.id, trigger: 'schedule', status: 'failed', startedAt: new Date(now - 3000), finishedAt: new Date(now - 1000), durationMs: 2000, exitCode: 3, error: 'exit code 3' },
        { taskId: ping!.id, trigger: 'schedule', status: 'succeeded', startedAt: new Date(now - 3000), finishedAt: new Date(now - 2000), durationMs: 1000 },
      ],
    });
    const failed = await okJson<{ taskKey: string; status: string }[]>('history', '--status', 'failed');
    expect(failed.map((r) => [r.taskKey, r.status])).toEqual([['sh', 'failed']]);
    const scheduled = await okJson<{ taskKey: string }[]>('history', '--trigger', 'schedule', '--since', '1h');
    expect(scheduled.map((r) => r.taskKey).sort()).toEqual(['ping', 'sh']);
    expect(await ok('history')).toMatch(/^ID\s+TASK\s+STATUS/);
    await bad(/^cronboard: --since: 'yesterday' is not an ISO-8601 date-time/, 'history', '--since', 'yesterday');

    await ok('resume', 'ping');
    const next = await okJson<{ taskKey: string }[]>('next', '--task', 'ping', '--count', '3');
    expect(next.map((n) => n.taskKey)).toEqual(['ping', 'ping', 'ping']);

    const stats = await okJson<{ taskKey: string; outcomes: number; successRate: number; lastFailure: { exitCode: number } }>('stats', 'sh');
    expect(stats).toMatchObject({ taskKey: 'sh', outcomes: 2, successRate: 0.5, meanDurationMs: 1500, p95DurationMs: 2000, lastFailure: { exitCode: 3 } });
    const all = await okJson<{ overall: { outcomes: number }; tasks: { taskKey: string }[] }>('stats');
    expect(all.overall.outcomes).toBe(3);
    expect(all.tasks.map((t) => t.taskKey)).toContain('ping');

    const events = await okJson<{ type: string; taskKey: string }[]>('events', '--task', 'a', '--type', 'task.moved');
    expect(events.map((e) => e.type)).toEqual(['task.moved', 'task.moved']);
    expect(await ok('events', '--type', 'task', '--limit', '2')).toMatch(/task\./);
  });

  it('gives a new task the configured retry defaults when it sets none (DEFAULT_MAX_RETRIES, config.defaultRetries)', { timeout: 120_000 }, async () => {
    const env = { DEFAULT_MAX_RETRIES: '2', DEFAULT_RETRY_DELAY_SECONDS: '7' };
    const base = ['--command', 'true', '--schedule', 'manual'];
    for (const [key, extra] of [['d-default', []], ['d-own', ['--max-retries', '0', '--retry-delay', '1']]] as const) {
      const r = await cliWith(env, 'create', '--key', key, '--name', key, ...base, ...extra);
      expect(r.code, r.stderr).toBe(0);
    }
    const rows = await testDb.db.task.findMany({ where: { key: { in: ['d-default', 'd-own'] } }, orderBy: { key: 'asc' } });
    expect(rows.map((t) => [t.key, t.maxRetries, t.retryDelaySeconds])).toEqual([
      ['d-default', 2, 7],
      ['d-own', 0, 1],
    ]);
  });
});
