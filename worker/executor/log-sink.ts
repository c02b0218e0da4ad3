import { StringDecoder } from 'node:string_decoder';
import type { Logger } from 'pino';
import { SecretMasker } from './mask';
import type { LogChunk, LogStream } from './types';

export interface LogSinkOptions {
  writeLogs: (chunks: LogChunk[]) => Promise<void>;
  /** Cap of stored stdout + stderr bytes; system lines are not counted. */
  maxLogBytes: number;
  logger: Pick<Logger, 'error' | 'warn'>;
  /** Flush once this many bytes are pending (default 16 KiB). */
  flushBytes?: number;
  /** Flush this long after the first pending byte (default 200 ms). */
  flushMs?: number;
  /** Waits before retrying a failed writeLogs (default 250 ms, then 1 s); then the batch is dropped. */
  retryDelaysMs?: number[];
  /** The run's secret values: they (and their base64 / URL-encoded forms) are stored as `***`. */
  secrets?: readonly string[];
}

type OutputStream = Exclude<LogStream, 'system'>;

interface Pending {
  stream: LogStream;
  data: string;
}

/**
 * Turns a run's output into ordered, batched log chunks.
 *
 * - Batched: a batch goes out when 16 KiB are pending or 200 ms after its first
 *   byte, and on flush()/close(); consecutive writes to one stream share a chunk.
 * - Ordered: seq is given when a batch is taken, and writeLogs is never called
 *   while another call is in flight, so seq order is the database order.
 * - Capped: past maxLogBytes of output nothing more is stored, one system
 *   marker says so, and bytes keep being counted.
 * - UTF-8 safe: a character split across two reads is decoded whole.
 * - Masked: the run's secrets never reach the store (mask.ts), also when one is
 *   split across two reads.
 * - Never throws: a failed writeLogs is retried a couple of times (a database
 *   blip; appendRunLogs is one transaction, so a retry cannot duplicate), then
 *   logged and dropped, and the run goes on.
 */
export class LogSink {
  private readonly flushBytes: number;
  private readonly flushMs: number;
  private readonly decoders = new Map<OutputStream, StringDecoder>();
  private readonly masker: SecretMasker;
  private pending: Pending[] = [];
  private pendingBytes = 0;
  private storedBytes = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerDue = false;
  private inFlight: Promise<void> | null = null;
  private closed = false;

  /** Output bytes seen, including those past the cap. */
  bytesSeen = 0;
  truncated = false;

  constructor(private readonly options: LogSinkOptions) {
    this.flushBytes = options.flushBytes ?? 16 * 1024;
    this.flushMs = options.flushMs ?? 200;
    this.masker = new SecretMasker(options.secrets ?? []);
  }

  /** Output from the run. Buffers are decoded as UTF-8 per stream. */
  write(stream: OutputStream, data: Buffer | string): void {
    if (this.closed) return;
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    this.bytesSeen += bytes;
    const text = typeof data === 'string' ? data : this.decoder(stream).write(data);
    this.store(stream, this.masker.push(stream, text));
  }

  /** A line from Cronboard itself (start, end, notes); never capped. */
  system(message: string): void {
    if (this.closed) return;
    this.enqueue('system', this.masker.maskAll(message), false);
  }

  /** A text (a run's error message) with the run's secrets masked. */
  mask(text: string): string {
    return this.masker.maskAll(text);
  }

  /** Writes everything pending; resolves when all of it has been handed to writeLogs. */
  async flush(): Promise<void> {
    while (this.inFlight || this.pending.length > 0) {
      if (this.inFlight) await this.inFlight;
      else this.startWrite();
    }
  }

  /** Ends the output (a trailing partial character is written as U+FFFD) and flushes. */
  async close(): Promise<void> {
    this.endStreams();
    await this.flush();
    this.clearTimer();
  }

  /**
   * Ends the output like close(), but hands back what is still pending (with
   * its seq numbers) instead of writing it, once earlier writes are done: the
   * worker stores these last chunks with the run's finish, in the same
   * transaction, instead of a write of their own.
   */
  async closeAndTake(): Promise<LogChunk[]> {
    this.endStreams();
    while (this.inFlight) await this.inFlight;
    this.clearTimer();
    this.timerDue = false;
    const chunks: LogChunk[] = this.pending.map((p) => ({ seq: ++this.seq, stream: p.stream, data: p.data }));
    this.pending = [];
    this.pendingBytes = 0;
    return chunks;
  }

  /** Once: the decoders' last characters and the masker's held-back text go out. */
  private endStreams(): void {
    if (this.closed) return;
    const streams = new Set<OutputStream>([...this.decoders.keys(), ...(this.masker.streams() as OutputStream[])]);
    for (const stream of streams) this.store(stream, this.masker.finish(stream, this.decoders.get(stream)?.end() ?? ''));
    this.closed = true;
  }

  private decoder(stream: OutputStream): StringDecoder {
    let decoder = this.decoders.get(stream);
    if (!decoder) {
      decoder = new StringDecoder('utf8');
      this.decoders.set(stream, decoder);
    }
    return decoder;
  }

  private store(stream: OutputStream, text: string): void {
    if (text === '' || this.truncated) return;
    const room = this.options.maxLogBytes - this.storedBytes;
    const size = Buffer.byteLength(text);
    if (size <= room) {
      this.storedBytes += size;
      this.enqueue(stream, text, true);
      return;
    }
    const head = cutUtf8(text, room);
    if (head !== '') {
      this.storedBytes += Buffer.byteLength(head);
      this.enqueue(stream, head, true);
    }
    this.truncated = true;
    this.enqueue('system', `[output truncated after ${this.options.maxLogBytes} bytes]`, false);
  }

  private enqueue(stream: LogStream, data: string, merge: boolean): void {
    const last = this.pending[this.pending.length - 1];
    if (merge && last && last.stream === stream) last.data += data;
    else this.pending.push({ stream, data });
    this.pendingBytes += Buffer.byteLength(data);
    if (this.pendingBytes >= this.flushBytes) {
      if (!this.inFlight) this.startWrite();
    } else if (!this.timer && !this.timerDue) {
      this.timer = setTimeout(() => {
        this.timer = null;
        if (this.inFlight) this.timerDue = true;
        else this.startWrite();
      }, this.flushMs);
    }
  }

  private startWrite(): void {
    this.clearTimer();
    this.timerDue = false;
    if (this.pending.length === 0) return;
    const chunks: LogChunk[] = this.pending.map((p) => ({ seq: ++this.seq, stream: p.stream, data: p.data }));
    this.pending = [];
    this.pendingBytes = 0;
    this.inFlight = this.writeSafely(chunks).finally(() => {
      this.inFlight = null;
      // What arrived during the write waits for its own trigger, unless one already fired.
      if (this.pending.length > 0 && (this.timerDue || this.pendingBytes >= this.flushBytes)) this.startWrite();
    });
  }

  private async writeSafely(chunks: LogChunk[]): Promise<void> {
    const delays = this.options.retryDelaysMs ?? [250, 1000];
    for (let attempt = 0; ; attempt++) {
      try {
        await this.options.writeLogs(chunks);
        return;
      } catch (err) {
        const seq = [chunks[0]?.seq, chunks[chunks.length - 1]?.seq];
        const wait = delays[attempt];
        if (wait === undefined) {
          this.options.logger.error({ err, seq, attempts: attempt + 1 }, 'writing run output failed; these chunks are lost');
          return;
        }
        this.options.logger.warn({ err, seq }, 'writing run output failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The longest prefix of `text` that is at most `maxBytes` bytes of UTF-8, never splitting a character. */
export function cutUtf8(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}
