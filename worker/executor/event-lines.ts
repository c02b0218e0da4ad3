import { StringDecoder } from 'node:string_decoder';
import { ZodError } from 'zod';
import type { LogSink } from './log-sink';
import { messageOf } from './outcome';
import type { PublishEvent } from './types';

/** A shell (or script) task publishes an event by writing this at the start of a stdout line. */
export const EVENT_LINE_PREFIX = '::cronboard-event';
/** Where no publisher is wired (an executor used on its own): every event is refused. */
export const noPublish: PublishEvent = () => Promise.reject(new Error('publishing events is not available here'));
/** Longer lines are not read as events (the payload limit is 16 KiB of JSON). */
const MAX_EVENT_LINE = 20 * 1024;

/**
 * Reads a run's stdout for `::cronboard-event TYPE {json}` lines and publishes
 * each one through `publish` (publishCustomEvent: the same validation and
 * reserved namespaces as the API). The line itself stays in the log (the sink
 * stores stdout as it is); a malformed or refused one adds a warning line to
 * the run log and never fails the run. done() waits for the publishes, so
 * they are recorded before the run's finish.
 */
export class EventLines {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly publish: PublishEvent,
    private readonly sink: LogSink,
  ) {}

  write(data: Buffer): void {
    const text = this.partial + this.decoder.write(data);
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    // A line too long to be an event: keep only enough to know it is not one.
    if (this.partial.length > MAX_EVENT_LINE) this.partial = this.partial.slice(0, MAX_EVENT_LINE + 1);
    for (const line of lines) this.line(line);
  }

  /** The last line (without a newline) is read too; resolves when every event is recorded or refused. */
  async done(): Promise<void> {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest !== '') this.line(rest);
    await this.chain;
  }

  private line(raw: string): void {
    const line = raw.replace(/\r$/, '');
    if (!line.startsWith(EVENT_LINE_PREFIX)) return;
    const parsed = parseEventLine(line);
    if (!parsed.ok) return this.warn(parsed.error);
    const { type, payload } = parsed;
    this.chain = this.chain.then(() => this.publish(type, payload).catch((err: unknown) => this.warn(`event '${type}' refused: ${problemOf(err)}`)));
  }

  private warn(message: string): void {
    this.sink.system(`warning: ${EVENT_LINE_PREFIX} line ignored: ${message}`);
  }
}

type EventLine = { ok: true; type: string; payload: Record<string, unknown> | undefined } | { ok: false; error: string };

/** `::cronboard-event TYPE` or `::cronboard-event TYPE {json object}`. */
export function parseEventLine(line: string): EventLine {
  if (line.length > MAX_EVENT_LINE) return { ok: false, error: `the line is longer than ${MAX_EVENT_LINE / 1024} KiB` };
  const rest = line.slice(EVENT_LINE_PREFIX.length);
  const match = /^\s+(\S+)\s*(.*)$/.exec(rest);
  if (!match) return { ok: false, error: `expected '${EVENT_LINE_PREFIX} TYPE {json}', got '${line.slice(0, 80)}'` };
  const type = match[1]!;
  const json = match[2]!.trim();
  if (json === '') return { ok: true, type, payload: undefined };
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch (err) {
    return { ok: false, error: `the payload of '${type}' is not JSON (${messageOf(err)})` };
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return { ok: false, error: `the payload of '${type}' must be a JSON object` };
  }
  return { ok: true, type, payload: payload as Record<string, unknown> };
}

/** A refusal as one line: the schema's messages by field, else the error's message. */
export function problemOf(err: unknown): string {
  if (err instanceof ZodError) return err.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ');
  return messageOf(err);
}
