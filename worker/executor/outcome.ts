import type { LogSink } from './log-sink';
import { stopError, stopStatus, type RunStop } from './stop';
import type { ExecuteOptions, RunOutcome, StopReason } from './types';

/** What each kind's runner gets. */
export interface KindContext {
  options: ExecuteOptions;
  sink: LogSink;
  stop: RunStop;
  now: () => number;
}

export function failed(error: string, extra: Partial<RunOutcome> = {}): RunOutcome {
  return { status: 'failed', exitCode: null, signal: null, error, result: null, ...extra };
}

export function succeeded(result: unknown = null, extra: Partial<RunOutcome> = {}): RunOutcome {
  return { status: 'succeeded', exitCode: null, signal: null, error: null, result, ...extra };
}

export function stopped(reason: StopReason, timeoutMs: number, extra: Partial<RunOutcome> = {}): RunOutcome {
  return { status: stopStatus(reason), exitCode: null, signal: null, error: stopError(reason, timeoutMs), result: null, ...extra };
}

/** The message of anything thrown; never throws itself. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  try {
    return typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}
