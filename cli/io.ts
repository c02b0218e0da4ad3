import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ERROR_CODES, isAppError } from '../server/errors';
import { projectRoot } from '../server/lib/paths';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Exit codes: 1 the operation failed, 2 the input (arguments, schedule, config) was wrong. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The exit status for a failed command, from the error code's entry in ERROR_CODES (server/errors.ts). */
export function exitStatusFor(error: unknown): number {
  return isAppError(error) && ERROR_CODES[error.code].badInput ? EXIT_USAGE : EXIT_FAILURE;
}

/**
 * Prints one clear line for a failed command. Known errors show their message;
 * unexpected ones show a short line and leave the stack trace in the log file
 * (LOG_FILE, else data/logs/cli.log), never on the terminal.
 */
export function reportCliError(error: unknown, io: CliIO = processIO, json = process.argv.includes('--json')): number {
  if (isAppError(error)) {
    io.stderr(`cronboard: ${error.message}`);
    // A script that asked for JSON still gets one JSON document on stdout.
    if (json) io.stdout(JSON.stringify({ error: { code: error.code, message: error.message, exitStatus: exitStatusFor(error) } }));
    return exitStatusFor(error);
  }
  if (json) io.stdout(JSON.stringify({ error: { code: 'INTERNAL', message: 'unexpected error', exitStatus: EXIT_FAILURE } }));
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const logFile = process.env.LOG_FILE || join(projectRoot(), 'data', 'logs', 'cli.log');
  try {
    mkdirSync(dirname(logFile), { recursive: true });
    const stack = error instanceof Error ? (error.stack ?? message) : String(error);
    appendFileSync(logFile, `${new Date().toISOString()} cronboard ${process.argv.slice(2).join(' ')}\n${stack}\n\n`);
    io.stderr(`cronboard: unexpected error: ${message} (details in ${logFile})`);
  } catch {
    io.stderr(`cronboard: unexpected error: ${message}`);
  }
  return EXIT_FAILURE;
}
