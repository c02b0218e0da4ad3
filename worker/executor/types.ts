import type { Logger } from 'pino';

/** What the executor needs from a Task row: the loop maps the row onto this. */
export interface ExecutableTask {
  id: number;
  key: string;
  kind: 'shell' | 'http' | 'handler' | 'script';
  command: string | null;
  httpMethod: string | null;
  httpUrl: string | null;
  httpHeaders: Record<string, string> | null;
  httpBody: string | null;
  handler: string | null;
  /** script: the body, run as `scriptInterpreter FILE`. */
  scriptBody: string | null;
  scriptInterpreter: string | null;
  /** JSON */
  payload: unknown;
  cwd: string | null;
  env: Record<string, string> | null;
}

/** Who shell tasks run as (TASK_USER / TASK_GROUP), resolved once when the worker starts (worker/task-user.ts). */
export interface RunAs {
  user: string;
  uid: number;
  gid: number;
  /** The user's home directory: the task's HOME. */
  home: string;
  /**
   * A command put in front of the task's shell, e.g. setpriv clearing the
   * inheritable capabilities of a worker that holds CAP_SETUID as ambient
   * capabilities (so the task cannot inherit them). Empty for a root worker.
   */
  wrapper: string[];
}

/** Records a custom event from the run (publishCustomEvent); rejects when the type or payload is refused. */
export type PublishEvent = (type: string, payload?: Record<string, unknown>) => Promise<void>;

/** The event that triggered a run (trigger `event`). */
export type { RunEvent } from '../../server/triggers/run-event';
import type { RunEvent } from '../../server/triggers/run-event';

export type LogStream = 'stdout' | 'stderr' | 'system';

export interface LogChunk {
  seq: number;
  stream: LogStream;
  data: string;
}

export interface ExecuteOptions {
  runId: number;
  attempt: number;
  task: ExecutableTask;
  /** task.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS, in ms */
  timeoutMs: number;
  /** SIGTERM → wait this long → SIGKILL (whole process group) */
  killGraceMs: number;
  /**
   * Absolute paths; a shell task's cwd must be inside one (after path.resolve +
   * realpath). Default cwd when task.cwd is null, and base of a relative cwd:
   * allowedWorkdirs[0].
   */
  allowedWorkdirs: string[];
  /** Names (or PREFIX_*) of worker variables a shell task also inherits (TASK_ENV_PASSTHROUGH); see environment.ts. */
  envPassthrough?: string[];
  /** Run shell tasks as this user (TASK_USER); default: the worker's own user. */
  runAs?: RunAs | null;
  /**
   * Cap of stored output (stdout + stderr) per run; past it, storing stops and
   * ONE system chunk "[output truncated after N bytes]" is added (bytes are
   * still counted in logBytes).
   */
  maxLogBytes: number;
  /**
   * Aborted by the loop with reason 'cancel' (user cancel) or 'shutdown'
   * (draining ran out of grace): the process group is killed / the fetch or
   * handler aborted, and the run ends 'cancelled'.
   */
  signal: AbortSignal;
  /**
   * CRONBOARD_SECRET_KEY as bytes: the task's secret env and headers are
   * decrypted with it (secretsForRun). A value it cannot decrypt fails the run.
   */
  secretKey?: Buffer | null;
  /** Persists chunks in order; never called twice at once; seq starts at 1. */
  writeLogs: (chunks: LogChunk[]) => Promise<void>;
  /**
   * Do not write the output still pending at the end (at least the end line):
   * return it as `finalLogs` for the caller to store with the run's finish
   * (one transaction instead of two). Earlier output is written as usual.
   * A run that succeeded with no output gets none: no log rows at all (index.ts).
   */
  deferFinalLogs?: boolean;
  /** The worker's own log, not the run output. */
  logger: Logger;
  /** ctx.publish and `::cronboard-event` lines; absent: they are refused with a warning. */
  publish?: PublishEvent;
  /** The event this run was queued for (trigger `event`), else null. */
  event?: RunEvent | null;
  /** Injectable clock for durations (default Date.now). */
  now?: () => number;
}

export type ExecutionStatus = 'succeeded' | 'failed' | 'timed_out' | 'cancelled';

export interface ExecutionResult {
  status: ExecutionStatus;
  exitCode: number | null;
  /** e.g. 'SIGKILL' when the process died by a signal */
  signal: string | null;
  /** Readable reason, null when succeeded. */
  error: string | null;
  /** Handler return value (JSON) or, for http, { status, statusText, headers }; null otherwise. */
  result: unknown;
  /** Total output bytes seen (stdout + stderr, including past the cap). */
  logBytes: number;
  logTruncated: boolean;
  /** Wall time from start to end of execution, by options.now. */
  durationMs?: number;
  /** With deferFinalLogs: the chunks not yet written, in seq order. */
  finalLogs?: LogChunk[];
}

/** Why a run was stopped before it ended on its own. */
export type StopReason = 'timeout' | 'cancel' | 'shutdown';

/** How one kind ended, before the executor adds the log figures. */
export type RunOutcome = Pick<ExecutionResult, 'status' | 'exitCode' | 'signal' | 'error' | 'result'>;
