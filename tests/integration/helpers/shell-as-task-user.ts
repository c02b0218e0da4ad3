// Run by executor-capabilities.test.ts in a process that plays a non-root
// worker holding CAP_SETUID/CAP_SETGID/CAP_KILL as ambient capabilities: runs
// one shell task (argv[2]) as TASK_USER=nobody, timing out after 1 s, and
// prints how it ended and its output as one JSON line.
import { executeRun } from '../../../worker/executor';
import type { LogChunk } from '../../../worker/executor/types';
import { resolveTaskUser } from '../../../worker/task-user';

async function main(): Promise<void> {
  const runAs = resolveTaskUser({ taskUser: 'nobody' });
  const chunks: LogChunk[] = [];
  const noop = () => undefined;
  const logger = { error: noop, warn: noop, info: noop, debug: noop, trace: noop, fatal: noop } as never;
  const result = await executeRun({
    runId: 1,
    attempt: 1,
    task: { id: 1, key: 'caps', kind: 'shell', command: process.argv[2] ?? 'true', httpMethod: null, httpUrl: null, httpHeaders: null, httpBody: null, handler: null, scriptBody: null, scriptInterpreter: null, payload: null, cwd: null, env: null },
    runAs,
    timeoutMs: 1000,
    killGraceMs: 300,
    allowedWorkdirs: [process.cwd()],
    maxLogBytes: 1024 * 1024,
    signal: new AbortController().signal,
    writeLogs: async (batch) => void chunks.push(...batch),
    logger,
  });
  const out = chunks.filter((c) => c.stream === 'stdout').map((c) => c.data).join('');
  console.log(JSON.stringify({ uid: process.getuid?.(), wrapper: runAs?.wrapper, status: result.status, error: result.error, out }));
}

void main();
