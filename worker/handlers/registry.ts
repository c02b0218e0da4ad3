/**
 * The handler registry. Kept apart from index.ts so that handler modules, which
 * index.ts imports, can import this without an import cycle.
 */

import type { RunEvent } from '../executor/types';

export interface HandlerLogger {
  /** A line on the run's stdout. */
  info(msg: string): void;
  /** A line on the run's stderr. */
  warn(msg: string): void;
  /** A line on the run's stderr. */
  error(msg: string): void;
}

export interface HandlerContext {
  /** The task's payload (JSON). */
  payload: unknown;
  /** Aborted on timeout, cancel or worker shutdown: stop work and return or throw. */
  signal: AbortSignal;
  logger: HandlerLogger;
  attempt: number;
  runId: number;
  taskKey: string;
  /** The event that triggered this run (a task whose schedule is `on: …`), else null. */
  event: RunEvent | null;
  /** Publishes a custom event (dotted type, e.g. `email.batch_processed`; reserved namespaces refused) from this run. */
  publish(type: string, payload?: Record<string, unknown>): Promise<void>;
}

/** Returns (or resolves to) the run's result, which must be JSON-serializable; throws to fail the run. */
// The union says "async is fine" to readers, though unknown already covers it.
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents
export type Handler = (ctx: HandlerContext) => Promise<unknown> | unknown;

const handlers = new Map<string, Handler>();

/** Registers a handler under a name; a second registration of one name is a mistake and throws. */
export function registerHandler(name: string, handler: Handler): void {
  if (!/^[A-Za-z0-9][\w.:-]*$/.test(name)) {
    throw new Error(`invalid handler name '${name}': use letters, digits, '.', ':', '_' or '-'`);
  }
  if (handlers.has(name)) throw new Error(`handler '${name}' is already registered`);
  handlers.set(name, handler);
}

export function getHandler(name: string): Handler | undefined {
  return handlers.get(name);
}

/** Registered names, sorted. */
export function handlerNames(): string[] {
  return [...handlers.keys()].sort();
}
