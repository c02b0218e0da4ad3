import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cutUtf8, LogSink, type LogSinkOptions } from '../../../worker/executor/log-sink';
import type { LogChunk } from '../../../worker/executor/types';

function makeSink(overrides: Partial<LogSinkOptions> = {}) {
  const calls: LogChunk[][] = [];
  const logger = { error: vi.fn(), warn: vi.fn() };
  const sink = new LogSink({
    writeLogs: async (chunks) => {
      calls.push(chunks);
    },
    maxLogBytes: 1024 * 1024,
    logger,
    ...overrides,
  });
  const all = () => calls.flat();
  const text = (stream?: string) =>
    all()
      .filter((c) => !stream || c.stream === stream)
      .map((c) => c.data)
      .join('');
  return { sink, calls, all, text, logger };
}

describe('LogSink batching', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds small writes until 200 ms after the first pending byte, then writes them as one chunk', async () => {
    const { sink, calls } = makeSink();
    for (const char of 'hello world') sink.write('stdout', char);
    await vi.advanceTimersByTimeAsync(199);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([[{ seq: 1, stream: 'stdout', data: 'hello world' }]]);
    await sink.close();
  });

  it('writes at once when 16 KiB are pending', async () => {
    const { sink, calls } = makeSink();
    sink.write('stdout', 'a'.repeat(10_000));
    expect(calls).toHaveLength(0);
    sink.write('stdout', 'b'.repeat(7_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]?.data).toHaveLength(17_000);
    await sink.close();
  });

  it('keeps the order of interleaved streams and numbers chunks from 1 across batches', async () => {
    const { sink, all } = makeSink();
    sink.system('$ cmd');
    sink.write('stdout', 'out 1\n');
    sink.write('stdout', 'out 2\n');
    sink.write('stderr', 'err 1\n');
    sink.write('stdout', 'out 3\n');
    await vi.advanceTimersByTimeAsync(250);
    sink.write('stderr', 'err 2\n');
    sink.system('exit code 0');
    await sink.close();
    expect(all()).toEqual([
      { seq: 1, stream: 'system', data: '$ cmd' },
      { seq: 2, stream: 'stdout', data: 'out 1\nout 2\n' },
      { seq: 3, stream: 'stderr', data: 'err 1\n' },
      { seq: 4, stream: 'stdout', data: 'out 3\n' },
      { seq: 5, stream: 'stderr', data: 'err 2\n' },
      { seq: 6, stream: 'system', data: 'exit code 0' },
    ]);
  });

  it('never has two writeLogs calls in flight, and what arrives meanwhile follows in order', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const written: LogChunk[] = [];
    const { sink } = makeSink({
      writeLogs: async (chunks) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 500));
        written.push(...chunks);
        inFlight--;
      },
    });
    for (let i = 0; i < 10; i++) {
      sink.write(i % 2 ? 'stderr' : 'stdout', `${'x'.repeat(20_000)}${i}`);
      await vi.advanceTimersByTimeAsync(100);
    }
    const closing = sink.close();
    await vi.advanceTimersByTimeAsync(5_000);
    await closing;
    expect(maxInFlight).toBe(1);
    expect(written.map((c) => c.seq)).toEqual(written.map((_, i) => i + 1));
    expect(written.map((c) => c.data.slice(-1)).join('')).toBe('0123456789');
  });

  it('retries a failed writeLogs, keeping seq and order', async () => {
    let failures = 2;
    const written: LogChunk[] = [];
    const { sink, logger } = makeSink({
      writeLogs: async (chunks) => {
        if (failures-- > 0) throw new Error('database is locked');
        written.push(...chunks);
      },
    });
    sink.write('stdout', 'first');
    await vi.advanceTimersByTimeAsync(200);
    sink.write('stderr', 'second');
    const closing = sink.close();
    await vi.advanceTimersByTimeAsync(1250);
    await closing;
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.error).not.toHaveBeenCalled();
    expect(written).toEqual([
      { seq: 1, stream: 'stdout', data: 'first' },
      { seq: 2, stream: 'stderr', data: 'second' },
    ]);
  });

  it('gives up on a batch after the retries, logs it, and carries on with the next one', async () => {
    let failures = 3;
    const written: LogChunk[] = [];
    const { sink, logger } = makeSink({
      writeLogs: async (chunks) => {
        if (failures-- > 0) throw new Error('database is down');
        written.push(...chunks);
      },
    });
    sink.write('stdout', 'lost');
    await vi.advanceTimersByTimeAsync(200 + 250 + 1000);
    expect(logger.error).toHaveBeenCalledTimes(1);
    sink.write('stdout', 'kept');
    await sink.close();
    expect(written).toEqual([{ seq: 2, stream: 'stdout', data: 'kept' }]);
  });

  it('leaves no timer behind after close', async () => {
    const { sink } = makeSink();
    sink.write('stdout', 'x');
    await sink.close();
    expect(vi.getTimerCount()).toBe(0);
    sink.write('stdout', 'after close is ignored');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('LogSink cap', () => {
  it('stores up to maxLogBytes, adds one marker, and keeps counting', async () => {
    const { sink, all, text } = makeSink({ maxLogBytes: 1000 });
    sink.write('stdout', 'a'.repeat(600));
    sink.write('stderr', Buffer.from('b'.repeat(600)));
    sink.write('stdout', 'c'.repeat(600));
    sink.system('exit code 0 in 0.01 s');
    await sink.close();
    expect(text('stdout') + text('stderr')).toBe('a'.repeat(600) + 'b'.repeat(400));
    expect(all().filter((c) => c.stream === 'system').map((c) => c.data)).toEqual([
      '[output truncated after 1000 bytes]',
      'exit code 0 in 0.01 s',
    ]);
    expect(sink.bytesSeen).toBe(1800);
    expect(sink.truncated).toBe(true);
  });

  it('does not cut a multi-byte character at the cap', async () => {
    const { sink, text } = makeSink({ maxLogBytes: 5 });
    sink.write('stdout', 'ab€€'); // 2 + 3 + 3 bytes: the second € does not fit, nor does a part of it
    await sink.close();
    expect(text('stdout')).toBe('ab€');
    expect(sink.bytesSeen).toBe(8);
  });

  it('is not truncated when output is exactly at the cap', async () => {
    const { sink, all } = makeSink({ maxLogBytes: 4 });
    sink.write('stdout', 'abcd');
    await sink.close();
    expect(sink.truncated).toBe(false);
    expect(all()).toEqual([{ seq: 1, stream: 'stdout', data: 'abcd' }]);
  });
});

describe('LogSink UTF-8', () => {
  it('decodes characters split across reads, per stream', async () => {
    const { sink, text } = makeSink();
    const euro = Buffer.from('€'); // e2 82 ac
    const smile = Buffer.from('😀'); // 4 bytes
    sink.write('stdout', euro.subarray(0, 1));
    sink.write('stderr', smile.subarray(0, 2));
    sink.write('stdout', euro.subarray(1));
    sink.write('stderr', smile.subarray(2));
    await sink.close();
    expect(text('stdout')).toBe('€');
    expect(text('stderr')).toBe('😀');
    expect(sink.bytesSeen).toBe(7);
  });

  it('writes a dangling partial character at the end as U+FFFD', async () => {
    const { sink, text } = makeSink();
    sink.write('stdout', Buffer.from([0x61, 0xe2, 0x82]));
    await sink.close();
    expect(text('stdout')).toBe('a\ufffd');
  });

  it('cutUtf8 keeps whole characters only', () => {
    expect(cutUtf8('a😀b', 1)).toBe('a');
    expect(cutUtf8('a😀b', 4)).toBe('a');
    expect(cutUtf8('a😀b', 5)).toBe('a😀');
    expect(cutUtf8('abc', 0)).toBe('');
    expect(cutUtf8('abc', 10)).toBe('abc');
  });
});
