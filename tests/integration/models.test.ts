import { beforeAll, describe, expect, it } from 'vitest';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();

describe(`round trip of every model on ${provider}`, () => {
  const testDb = useTestDatabase();

  beforeAll(async () => {
    expect(testDb.handle.provider).toBe(provider);
  });

  const at = new Date('2026-03-29T01:30:00.123Z');

  it('stores and reads back a task with every field, labels included', async () => {
    const { db } = testDb.handle;
    const created = await db.task.create({
      data: {
        key: 'nightly-backup',
        name: 'Nightly backup — “ünïcode” ✓',
        description: '# Heading\n\nmarkdown',
        kind: 'http',
        command: null,
        httpMethod: 'POST',
        httpUrl: 'https://example.test/hook',
        httpHeaders: { Authorization: 'Bearer x', 'X-Empty': '' },
        httpBody: '{"a":1}',
        handler: null,
        payload: { nested: { list: [1, 2.5, null, 'x'] }, flag: true },
        cwd: '/srv/app',
        env: { FOO: 'bar' },
        schedule: '0 2 * * *',
        scheduleKind: 'cron',
        timezone: 'Europe/Paris',
        scheduleAnchorAt: at,
        priority: 3,
        maxRetries: 2,
        retryBackoff: 'fixed',
        retryDelaySeconds: 10,
        retryMaxDelaySeconds: 100,
        retryJitter: 0.25,
        timeoutSeconds: 60,
        overlap: 'queue',
        maxInstances: 3,
        misfire: 'catch_up',
        misfireGraceSeconds: 120,
        catchUpLimit: 5,
        paused: true,
        status: 'in_review',
        position: 1536.5,
        assignee: 'alice',
        nextRunAt: at,
        lastRunAt: at,
        lastRunStatus: 'failed',
        createdBy: 'alice@example.test',
        updatedBy: 'bob@example.test',
        version: 7,
        source: 'yaml',
        labels: { create: [{ name: 'ops', color: '#ff0000' }, { name: 'backup' }] },
      },
    });
    const read = await db.task.findUniqueOrThrow({ where: { key: 'nightly-backup' }, include: { labels: { orderBy: { name: 'asc' } } } });
    expect(read).toMatchObject({
      id: created.id,
      name: 'Nightly backup — “ünïcode” ✓',
      httpHeaders: { Authorization: 'Bearer x', 'X-Empty': '' },
      payload: { nested: { list: [1, 2.5, null, 'x'] }, flag: true },
      env: { FOO: 'bar' },
      timezone: 'Europe/Paris',
      priority: 3,
      retryJitter: 0.25,
      paused: true,
      position: 1536.5,
      version: 7,
      source: 'yaml',
    });
    expect(read.nextRunAt?.toISOString()).toBe(at.toISOString());
    expect(read.scheduleAnchorAt?.getTime()).toBe(at.getTime());
    expect(read.labels.map((l) => [l.name, l.color])).toEqual([
      ['backup', null],
      ['ops', '#ff0000'],
    ]);
    expect(read.createdAt).toBeInstanceOf(Date);
  });

  it('stores runs with their log chunks and worker, and enforces one run per task fire time', async () => {
    const { db } = testDb.handle;
    const task = await db.task.findUniqueOrThrow({ where: { key: 'nightly-backup' } });
    const worker = await db.worker.create({
      data: { id: 'w-1', name: 'box-1', host: 'box', pid: 42, version: '0.1.0', concurrency: 4, lastHeartbeatAt: at },
    });
    const run = await db.run.create({
      data: {
        taskId: task.id,
        status: 'succeeded',
        trigger: 'schedule',
        attempt: 1,
        priority: 3,
        scheduledFor: at,
        availableAt: at,
        workerId: worker.id,
        claimToken: 'tok-1',
        claimedAt: at,
        leaseExpiresAt: new Date(at.getTime() + 30_000),
        startedAt: at,
        finishedAt: new Date(at.getTime() + 1500),
        durationMs: 1500,
        exitCode: 0,
        signal: null,
        error: null,
        result: { rows: 12 },
        logBytes: 11,
        logs: { create: [{ seq: 1, stream: 'stdout', data: 'hello\n' }, { seq: 2, stream: 'stderr', data: 'warn\n' }] },
      },
    });
    const read = await db.run.findUniqueOrThrow({ where: { id: run.id }, include: { logs: { orderBy: { seq: 'asc' } }, worker: true } });
    expect(read).toMatchObject({ status: 'succeeded', trigger: 'schedule', exitCode: 0, result: { rows: 12 }, durationMs: 1500 });
    expect(read.worker?.name).toBe('box-1');
    expect(read.logs.map((l) => `${l.stream}:${l.data}`)).toEqual(['stdout:hello\n', 'stderr:warn\n']);

    // The same fire time cannot be materialized twice (several workers ticking at once).
    await expect(db.run.create({ data: { taskId: task.id, trigger: 'schedule', scheduledFor: at } })).rejects.toThrow();
    // Manual runs carry no fire time and may coexist.
    await db.run.create({ data: { taskId: task.id, trigger: 'manual' } });
    await db.run.create({ data: { taskId: task.id, trigger: 'manual' } });
    expect(await db.run.count({ where: { taskId: task.id } })).toBe(3);
  });

  it('stores events, users, sessions, API tokens, board columns and settings', async () => {
    const { db } = testDb.handle;
    const event = await db.event.create({
      data: { type: 'task.moved', actorType: 'user', actorId: 'u1', actorName: 'alice', taskId: 1, taskKey: 'nightly-backup', payload: { from: 'todo', to: 'done' } },
    });
    expect(await db.event.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ payload: { from: 'todo', to: 'done' }, actorType: 'user' });

    const user = await db.user.create({ data: { email: 'alice@example.test', name: 'Alice', passwordHash: 'argon2id$…', role: 'operator' } });
    await db.session.create({ data: { tokenHash: 'h1', userId: user.id, expiresAt: at, ip: '127.0.0.1', userAgent: 'test' } });
    await db.apiToken.create({ data: { name: 'ci', prefix: 'cb_12ab', tokenHash: 'h2', userId: user.id } });
    const withRelations = await db.user.findUniqueOrThrow({ where: { email: 'alice@example.test' }, include: { sessions: true, apiTokens: true } });
    expect(withRelations.role).toBe('operator');
    expect(withRelations.sessions[0]?.ip).toBe('127.0.0.1');
    expect(withRelations.apiTokens[0]?.prefix).toBe('cb_12ab');
    await expect(db.user.create({ data: { email: 'alice@example.test', name: 'Dup', passwordHash: 'x' } })).rejects.toThrow();

    await db.boardColumn.create({ data: { status: 'in_progress', wipLimit: 3 } });
    expect((await db.boardColumn.findUniqueOrThrow({ where: { status: 'in_progress' } })).wipLimit).toBe(3);
    await db.setting.create({ data: { key: 'ui.theme', value: { default: 'dark', list: [1, 2] } } });
    expect((await db.setting.findUniqueOrThrow({ where: { key: 'ui.theme' } })).value).toEqual({ default: 'dark', list: [1, 2] });
  });

  it('deleting a task deletes its runs and their logs but keeps its events', async () => {
    const { db } = testDb.handle;
    const task = await db.task.findUniqueOrThrow({ where: { key: 'nightly-backup' } });
    await db.task.delete({ where: { id: task.id } });
    expect(await db.run.count({ where: { taskId: task.id } })).toBe(0);
    expect(await db.runLog.count()).toBe(0);
    expect(await db.event.count({ where: { taskKey: 'nightly-backup' } })).toBe(1);
    // Deleting a user removes their sessions and tokens.
    await db.user.delete({ where: { email: 'alice@example.test' } });
    expect(await db.session.count()).toBe(0);
    expect(await db.apiToken.count()).toBe(0);
  });
});
