import { isAppError } from '../errors';

/**
 * The one-paragraph message a person sees when a process cannot start. Known
 * failures (bad configuration, unreachable database, failed migration) print
 * their message only; anything else also prints its stack, since that is a bug.
 */
export function formatStartupError(error: unknown, processName: string): string {
  if (isAppError(error)) {
    const causeLine = error.cause instanceof Error ? (error.cause.message.split('\n')[0] ?? '') : '';
    const cause = causeLine && !error.message.includes(causeLine) ? `\n  cause: ${causeLine}` : '';
    return `cronboard ${processName}: cannot start.\n${error.message}${cause}`;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `cronboard ${processName}: cannot start because of an unexpected error:\n${stack}`;
}
