import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

export interface LoggerOptions {
  name: string;
  level?: string;
  /** Also append JSON lines to this file. */
  file?: string;
  /** Human-readable output; default: when stdout is a terminal. */
  pretty?: boolean;
}

/**
 * Structured JSON logs (pino) for web, worker and CLI. Pretty-printed in a
 * terminal, JSON otherwise (journald, files, log shippers). Streams are
 * synchronous in-process ones, not pino transports: transports use worker
 * threads, which the Next.js server bundle cannot load.
 */
export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? 'info';
  const usePretty = options.pretty ?? (Boolean(process.stdout.isTTY) && process.env.NODE_ENV !== 'test');
  const streams: pino.StreamEntry[] = [
    { level: level as pino.Level, stream: usePretty ? pretty({ colorize: true, sync: true, ignore: 'pid,hostname' }) : process.stdout },
  ];
  if (options.file) {
    mkdirSync(dirname(options.file), { recursive: true });
    streams.push({ level: level as pino.Level, stream: createWriteStream(options.file, { flags: 'a' }) });
  }
  return pino(
    { name: options.name, level, base: { pid: process.pid }, serializers: { err: pino.stdSerializers.err } },
    pino.multistream(streams),
  );
}
