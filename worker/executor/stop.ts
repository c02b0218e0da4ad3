import type { StopReason } from './types';

export interface RunStop {
  /** Aborted at the timeout or when the run's own signal is aborted. */
  signal: AbortSignal;
  /** Why it was aborted; null while it was not. */
  reason(): StopReason | null;
  /** Clears the timer and the listener; call when the run is over. */
  dispose(): void;
}

/**
 * One signal for "stop this run now": the loop's signal (reason 'cancel' or
 * 'shutdown') or the run's timeout, whichever comes first; the first reason wins.
 */
export function createRunStop(runSignal: AbortSignal, timeoutMs: number): RunStop {
  const controller = new AbortController();
  let why: StopReason | null = null;
  const stop = (reason: StopReason) => {
    if (why) return;
    why = reason;
    controller.abort(reason);
  };
  const onAbort = () => stop(runSignal.reason === 'shutdown' ? 'shutdown' : 'cancel');
  // setTimeout overflows past 2^31-1 ms (about 24.8 days) and would fire at once.
  const timer = setTimeout(() => stop('timeout'), Math.min(Math.max(0, timeoutMs), 2 ** 31 - 1));
  if (runSignal.aborted) onAbort();
  else runSignal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    reason: () => why,
    dispose: () => {
      clearTimeout(timer);
      runSignal.removeEventListener('abort', onAbort);
    },
  };
}

/** The readable error of a stopped run: "timed out after 5 s", "cancelled". */
export function stopError(reason: StopReason, timeoutMs: number): string {
  if (reason === 'timeout') return `timed out after ${formatSeconds(timeoutMs)}`;
  if (reason === 'shutdown') return 'cancelled (worker shutting down)';
  return 'cancelled';
}

export function stopStatus(reason: StopReason): 'timed_out' | 'cancelled' {
  return reason === 'timeout' ? 'timed_out' : 'cancelled';
}

/** 5000 → "5 s", 1500 → "1.5 s", 250 → "0.25 s". */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

/** The promise's value, or undefined once `ms` have passed; leaves no timer behind. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
