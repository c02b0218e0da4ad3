import { secretsForRun } from '../../server/tasks/task-secrets';
import { runHandler } from './handler';
import { runHttp } from './http';
import { LogSink } from './log-sink';
import { failed, messageOf, type KindContext } from './outcome';
import { runScript } from './script';
import { runShell } from './shell';
import { createRunStop } from './stop';
import type { ExecuteOptions, ExecutionResult, LogChunk, RunOutcome } from './types';

export type * from './types';

/**
 * Runs one claimed run to its end and says how it ended. Never throws or
 * rejects: every failure, ours included, is a result, so the loop can always
 * record exactly one terminal state. Output goes to options.writeLogs while the
 * run goes; the database is the loop's business.
 */
export async function executeRun(options: ExecuteOptions): Promise<ExecutionResult> {
  const now = options.now ?? Date.now;
  const started = now();
  // Secrets are decrypted here, once; the kinds get the task with plain values and the sink masks them.
  const secrets = secretsForRun(options.task, options.secretKey ?? null);
  const sink = new LogSink({
    writeLogs: options.writeLogs,
    maxLogBytes: options.maxLogBytes,
    logger: options.logger,
    secrets: secrets.ok ? secrets.secretValues : [],
  });
  const stop = createRunStop(options.signal, options.timeoutMs);
  const task = secrets.ok ? { ...options.task, env: secrets.env, httpHeaders: secrets.httpHeaders } : options.task;
  const context: KindContext = { options: { ...options, task }, sink, stop, now };

  let outcome: RunOutcome;
  try {
    outcome = secrets.ok ? await runKind(context) : failed(`cannot run: ${secrets.error}`);
  } catch (err) {
    options.logger.error({ err, runId: options.runId }, 'executor error');
    outcome = failed(`internal error: ${messageOf(err)}`);
  } finally {
    stop.dispose();
  }
  if (outcome.error) outcome = { ...outcome, error: sink.mask(outcome.error) };

  const durationMs = Math.max(0, now() - started);
  sink.system(endLine(outcome, durationMs));
  if (options.deferFinalLogs) {
    const taken = await sink.closeAndTake();
    const finalLogs = withoutOutput(outcome, sink.bytesSeen, taken) ? [] : taken;
    return { ...outcome, logBytes: sink.bytesSeen, logTruncated: sink.truncated, durationMs, finalLogs };
  }
  await sink.close();
  return { ...outcome, logBytes: sink.bytesSeen, logTruncated: sink.truncated, durationMs };
}

function runKind(context: KindContext): Promise<RunOutcome> {
  const { kind } = context.options.task;
  switch (kind) {
    case 'shell':
      return runShell(context);
    case 'http':
      return runHttp(context);
    case 'handler':
      return runHandler(context);
    case 'script':
      return runScript(context);
    default:
      return Promise.resolve(failed(`unknown task kind '${String(kind)}'`));
  }
}

/** "exit code 0 in 1.23 s", "timed out after 5 s (killed by SIGTERM), ended after 5.01 s", "failed: HTTP 503 Service Unavailable in 0.02 s". */
/**
 * A run that succeeded without a byte of output and with nothing but its start
 * and end lines stores no log rows: the run row says how it ended and how long
 * it took, and the run page, `cronboard logs` and the REST log say "no output".
 * Two rows fewer per run is what a drain of no-op runs writes most
 * (docs/benchmarks.md). Failures, and runs with any other note, keep their lines.
 */
function withoutOutput(outcome: RunOutcome, bytesSeen: number, taken: LogChunk[]): boolean {
  return outcome.status === 'succeeded' && bytesSeen === 0 && taken.length <= 2 && taken[0]?.seq === 1 && taken.every((c) => c.stream === 'system');
}

function endLine(outcome: RunOutcome, durationMs: number): string {
  const seconds = `${(durationMs / 1000).toFixed(2)} s`;
  const how = outcome.exitCode !== null ? `exit code ${outcome.exitCode}` : outcome.signal ? `killed by ${outcome.signal}` : null;
  if (outcome.status === 'timed_out' || outcome.status === 'cancelled') {
    return `${outcome.error}${how ? ` (${how})` : ''}, ended after ${seconds}`;
  }
  if (how && (outcome.status === 'succeeded' || outcome.error?.includes(how))) return `${outcome.error ?? how} in ${seconds}`;
  if (how) return `${outcome.error}: ${how} in ${seconds}`;
  return outcome.error ? `failed: ${outcome.error} in ${seconds}` : `succeeded in ${seconds}`;
}
