import { createWriteStream, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pino, { type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { projectRoot } from './paths';

/**
 * pino-pretty (30-odd modules) only when output is pretty: a service's or a
 * script's logs are JSON and never need it. Resolved from the project, as the
 * API docs resolve swagger-ui (server/http/api-docs.ts), so it works the same
 * under tsx, the CLI bundle and the Next.js server (where it is external).
 */
function pretty(options: PinoPretty.PrettyOptions): PinoPretty.PrettyStream {
  const load = createRequire(join(projectRoot(), 'package.json'))('pino-pretty') as typeof PinoPretty & { default?: typeof PinoPretty };
  return (load.default ?? load)(options);
}

export type { Logger } from 'pino';

export interface LoggerOptions {
  name: string;
  level?: string;
  /** Also append JSON lines to this file. */
  file?: string;
  /** Human-readable output; default: when the output is a terminal. */
  pretty?: boolean;
  /** Where log lines go: stdout for services (journald), stderr for the CLI so stdout carries only results. */
  stream?: 'stdout' | 'stderr';
}

/**
 * Structured JSON logs (pino) for web, worker and CLI. Pretty-printed in a
 * terminal, JSON otherwise (journald, files, log shippers). Streams are
 * synchronous in-process ones, not pino transports: transports use worker
 * threads, which the Next.js server bundle cannot load.
 */
export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? 'info';
  const out = options.stream === 'stderr' ? process.stderr : process.stdout;
  // LOG_FORMAT=json|pretty decides; else pretty in a terminal, JSON elsewhere.
  const format = process.env.LOG_FORMAT?.trim().toLowerCase();
  const usePretty = options.pretty ?? (format === 'json' ? false : format === 'pretty' ? true : Boolean(out.isTTY) && process.env.NODE_ENV !== 'test');
  const streams: pino.StreamEntry[] = [
    {
      level: level as pino.Level,
      stream: usePretty ? pretty({
            colorize: Boolean(out.isTTY),
            sync: true,
            // Short lines: the time of day, level, who, message; the details on one line after it.
            translateTime: 'SYS:HH:MM:ss',
            ignore: 'pid,hostname',
            singleLine: true,
            destination: options.stream === 'stderr' ? 2 : 1,
          }) : out,
    },
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
