import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, finished, TSX, waitFor } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();

describe(`worker process on ${provider}`, () => {
  const testDb = useTestDatabase();

  it('registers, heartbeats and on SIGTERM marks itself stopped and exits 0', async () => {
    const child = spawn(TSX, [join(process.cwd(), 'worker/main.ts')], {
      env: cleanEnv({ DATABASE_URL: testDb.url, CRONBOARD_DEMO: 'false', LEASE_SECONDS: '6', POLL_INTERVAL_MS: '200', WORKER_CONCURRENCY: '3' }),
    });
    const done = finished(child);

    // tsx runs the worker in a child of its own, so find the row by its name (host-pid of that process).
    const worker = await waitFor(() => testDb.db.worker.findFirst({ where: { state: 'active' } }), 30_000, 'the worker row');
    expect(worker).toMatchObject({ state: 'active', concurrency: 3 });
    expect(worker.name).toBe(`${worker.host}-${worker.pid}`);
    const firstBeat = worker.lastHeartbeatAt.getTime();
    // Heartbeat every lease/3 = 2 s.
    await waitFor(
      async () => ((await testDb.db.worker.findUnique({ where: { id: worker.id } }))?.lastHeartbeatAt.getTime() ?? 0) > firstBeat,
      10_000,
      'a heartbeat',
    );

    child.kill('SIGTERM');
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    const stopped = await testDb.db.worker.findUniqueOrThrow({ where: { id: worker.id } });
    expect(stopped.state).toBe('stopped');
    expect(stopped.stoppedAt).toBeInstanceOf(Date);
    const events = await testDb.db.event.findMany({ where: { actorId: worker.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['worker.started', 'worker.stopped']);
    expect(result.stdout).toMatch(/worker started/);
    expect(result.stdout).toMatch(/worker stopped/);
  });

  it('refuses to start on invalid configuration, naming the key, without a stack trace', async () => {
    const result = await finished(
      spawn(TSX, [join(process.cwd(), 'worker/main.ts')], { env: cleanEnv({ DATABASE_URL: testDb.url, WORKER_CONCURRENCY: 'lots' }) }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('WORKER_CONCURRENCY (environment): must be a number');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a database that is down', () => {
  it('stops the worker at start with a clear message naming the database, without a stack trace', async () => {
    const url = provider === 'postgresql' ? 'postgresql://nobody:pw@127.0.0.1:1/nothing' : 'file:/dev/null/cronboard-cannot-write-here/x.db';
    const result = await finished(spawn(TSX, [join(process.cwd(), 'worker/main.ts')], { env: cleanEnv({ DATABASE_URL: url }) }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot start/);
    expect(result.stderr).toMatch(provider === 'postgresql' ? /127\.0\.0\.1:1|ECONNREFUSED/ : /cronboard-cannot-write-here/);
    expect(result.stderr).not.toContain('pw@');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
