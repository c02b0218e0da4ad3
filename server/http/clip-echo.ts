import { MAX_ECHO_CHARS } from './limits';

/**
 * An error message safe to send back: user input is quoted in our messages
 * ('like this'), and each quoted part is cut to MAX_ECHO_CHARS; the whole
 * message is bounded too, for input quoted some other way.
 */
export function clipEcho(message: string): string {
  const clipped = message.replace(new RegExp(`'([^']{${MAX_ECHO_CHARS}})[^']+'`, 'g'), "'$1…'");
  return clipped.length > 3 * MAX_ECHO_CHARS ? `${clipped.slice(0, 3 * MAX_ECHO_CHARS)}…` : clipped;
}
