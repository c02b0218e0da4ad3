// Which events an endpoint subscribes to: event-type patterns, as the events
// list and the stream take them (`run.failed`, `run`, `run.*`, `*`), plus
// custom dotted types (`email.batch_processed`, `email.*`) outside the built-in
// namespaces. No server-only imports: the Webhooks page checks patterns too.
import { EVENT_FAMILIES, isEventPattern } from '../events/catalogue';

/** Namespaces only Cronboard itself writes (a custom type may not start with one). */
export const RESERVED_NAMESPACES: readonly string[] = Object.keys(EVENT_FAMILIES);

const CUSTOM_TYPE = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/;
const CUSTOM_FAMILY = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*\.\*$/;

/** Why a pattern is refused, or null when it is fine. */
export function patternProblem(pattern: string): string | null {
  if (isEventPattern(pattern)) return null;
  const namespace = pattern.split('.')[0]!;
  if (RESERVED_NAMESPACES.includes(namespace)) {
    return `'${pattern}' is not a ${namespace} event type (see \`cronboard events --help\` or the Activity filter for the types)`;
  }
  if (CUSTOM_TYPE.test(pattern) || CUSTOM_FAMILY.test(pattern)) return null;
  return `'${pattern}' is not an event pattern (a type such as run.failed, a family such as run.*, * for all, or a dotted custom type such as email.batch_processed)`;
}

/** Does an event of this type match the pattern? */
export function typeMatchesPattern(type: string, pattern: string): boolean {
  if (pattern === '*' || pattern === type) return true;
  const family = pattern.endsWith('.*') ? pattern.slice(0, -2) : pattern;
  return type.startsWith(`${family}.`);
}

export function typeMatchesAny(type: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => typeMatchesPattern(type, p));
}
