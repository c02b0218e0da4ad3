import { getHandler, handlerNames, type HandlerContext } from '../handlers';
import { noPublish } from './event-lines';
import { failed, messageOf, stopped, succeeded, type KindContext } from './outcome';
import { formatSeconds, within } from './stop';
import type { RunOutcome } from './types';

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Calls a registered handler. A handler is in-process code, so it cannot be
 * killed: on timeout or cancel its signal is aborted and the run ends at once
 * as timed out / cancelled whether or not the handler listens; one that is
 * still busy after the grace period is left behind, with a warning.
 */
export async function runHandler({ options, sink, stop }: KindContext): Promise<RunOutcome> {
  const { task } = options;
  const name = task.handler?.trim() ?? '';
  sink.system(`handler ${name}`);
  if (name === '') return failed('handler task has no handler name');
  const handler = getHandler(name);
  if (!handler) return failed(`unknown handler '${name}' (registered: ${handlerNames().join(', ') || 'none'})`);
  const early = stop.reason();
  if (early) return stopped(early, options.timeoutMs);

  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  const ctx: HandlerContext = {
    payload: task.payload,
    signal: stop.signal,
    attempt: options.attempt,
    runId: options.runId,
    taskKey: task.key,
    event: options.event ?? null,
    publish: options.publish ?? noPublish,
    logger: {
      info: (msg) => sink.write('stdout', line(String(msg))),
      warn: (msg) => sink.write('stderr', line(String(msg))),
      error: (msg) => sink.write('stderr', line(String(msg))),
    },
  };

  let settled: Settled | null = null;
  // An async wrapper turns a synchronous throw into a rejection like any other.
  const work = (async () => handler(ctx))().then(
    (value): Settled => (settled = { ok: true, value }),
    (error: unknown): Settled => (settled = { ok: false, error }),
  );
  const outcome = await Promise.race([work, aborted(stop.signal)]);

  const reason = stop.reason();
  if (reason) {
    if (!settled) await within(work, options.killGraceMs);
    if (!settled) {
      sink.system(`the handler did not stop within ${formatSeconds(options.killGraceMs)} of the abort; no longer waiting for it`);
      options.logger.warn({ runId: options.runId, handler: name }, 'handler ignored the abort signal and keeps running');
    }
    return stopped(reason, options.timeoutMs);
  }
  if (outcome === 'aborted') return stopped('cancel', options.timeoutMs); // unreachable: aborted implies a reason

  if (!outcome.ok) {
    const { error } = outcome;
    if (error instanceof Error && error.stack) sink.write('stderr', line(error.stack));
    return failed(messageOf(error));
  }
  const json = toJson(outcome.value);
  return json.ok ? succeeded(json.value) : failed(json.error);
}

/** The value as it will be stored (JSON round trip: Dates become strings, undefined becomes null). */
function toJson(value: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  if (value === undefined) return { ok: true, value: null };
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return { ok: false, error: `handler result is not JSON: a ${typeof value}` };
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: `handler result is not JSON: ${messageOf(err)}` };
  }
}

function aborted(signal: AbortSignal): Promise<'aborted'> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
}
