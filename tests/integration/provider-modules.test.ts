import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { queueRuns } from '../../server/queue/queue-runs';
import { tester } from './helpers/actors';
import { cleanEnv, finished, waitFor } from './helpers/processes';
import { createShellTask } from './helpers/tasks';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
const other = provider === 'sqlite' ? 'postgresql' : 'sqlite';
const root = process.cwd();
const driverOf = { sqlite: 'better-sqlite3', postgresql: 'pg' } as const;

/**
 * What a script is, for this test: a source file of the generated client
 * (tsx fallback), a package's file, or a chunk of the precompiled bundle,
 * which names the sources it holds in esbuild's `// path` comments.
 */
function sourcesOf(url: string): string[] {
  if (!url.startsWith('file://')) return [];
  const path = fileURLToPath(url);
  const inProject = path.startsWith(root) ? path.slice(root.length + 1) : path;
  if (!inProject.startsWith('dist/')) return [inProject];
  return [...readFileSync(path, 'utf8').matchAll(/^\/\/ ((?:prisma|node_modules)\/\S+)$/gm)].map((m) => m[1]!).concat(inProject);
}

describe(`a worker process on ${provider} loads only its provider's Prisma client and driver`, () => {
  const testDb = useTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'cronboard-modules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`runs a run without loading the ${other} client or ${driverOf[other]}`, async () => {
    const task = await createShellTask(testDb.db, { key: 'modules', schedule: 'manual' }, { actor: tester, source: 'cli' });
    const [runId] = await queueRuns({ db: testDb.db, task: { id: task.id }, trigger: 'manual', actor: tester });
    const list = join(dir, 'scripts.txt');
    // The installed bin, as a deployment starts it (the bundle when fresh, else tsx), with a
    // preload that records every script the process parses (helpers/record-scripts.mjs).
    const child = spawn(process.execPath, ['--import', join(root, 'tests/integration/helpers/record-scripts.mjs'), join(root, 'bin/cronboard.mjs'), 'worker', '--name', 'modules'], {
      env: cleanEnv({ DATABASE_URL: testDb.url, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn', RECORD_SCRIPTS_FILE: list }),
    });
    const done = finished(child);
    await waitFor(async () => (await testDb.db.run.findUnique({ where: { id: runId } }))?.status === 'succeeded', 60_000, 'the run to succeed');
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code, result.stderr).toBe(0);

    const sources = new Set(readFileSync(list, 'utf8').split('\n').filter(Boolean).flatMap(sourcesOf));
    const has = (prefix: string) => [...sources].some((s) => s.startsWith(prefix));
    // Its own client and driver are there (the list is real)…
    expect(has(`prisma/generated/${provider}/`)).toBe(true);
    expect(has(`node_modules/${driverOf[provider]}/`)).toBe(true);
    // …and the other provider's are not.
    expect([...sources].filter((s) => s.startsWith(`prisma/generated/${other}/`))).toEqual([]);
    // The precompiled bundle (when fresh) compiles the query compiler from dist/'s .wasm file,
    // not from Prisma's 2.5 MB base64 module (scripts/build-cli.mjs).
    if (has('dist/')) expect([...sources].filter((s) => s.includes('.wasm-base64.'))).toEqual([]);
    expect([...sources].filter((s) => s.startsWith(`node_modules/${driverOf[other]}/`) || s.startsWith(`node_modules/@prisma/adapter-${other === 'sqlite' ? 'better-sqlite3' : 'pg'}/`))).toEqual([]);
  });
});
