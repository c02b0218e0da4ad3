// Shapes shared by every schedule module. Kept free of logic so the web bundle
// can import the types without pulling in the parser.

export type ScheduleKind = 'cron' | 'interval' | 'once' | 'manual' | 'event';

export type Schedule =
  | {
      kind: 'cron';
      input: string;
      /** Normalized cron, 5 fields or 6 with leading seconds; macros and words expanded. */
      expression: string;
      timezone: string;
    }
  | {
      kind: 'interval';
      input: string;
      /** Canonical form, e.g. "every 5m". */
      expression: string;
      everyMs: number;
      timezone: string;
    }
  | {
      kind: 'once';
      input: string;
      /** ISO-8601 UTC instant, or "now". */
      expression: string;
      /** null = now. */
      at: Date | null;
      timezone: string;
    }
  | { kind: 'manual'; input: string; expression: 'manual'; timezone: string }
  | {
      /** `on: …`: runs when a matching event is recorded (parse-on.ts); never fires by time. */
      kind: 'event';
      input: string;
      /** Canonical, e.g. "on: run.succeeded of nightly-backup". */
      expression: string;
      /** A custom event type or family, or run.succeeded|failed|finished (with taskKey). */
      pattern: string;
      /** The task a chain follows, else null. */
      taskKey: string | null;
      timezone: string;
    };

/** Which part of the input was wrong, e.g. 'minute', 'day-of-week', 'interval', 'timezone'. */
export interface ScheduleError {
  message: string;
  field?: string;
  /** 0-based character offset in the input where the offending part starts. */
  position?: number;
}

export type ParseResult = { ok: true; schedule: Schedule } | { ok: false; error: ScheduleError };

export type PreviewResult =
  | { ok: true; kind: ScheduleKind; normalized: string; description: string; timezone: string; next: Date[] }
  | { ok: false; error: ScheduleError };

export interface ParseOptions {
  /** IANA zone the schedule's wall-clock times are read in. Default 'UTC'. */
  timezone?: string;
}

/** Internal: what a sub-parser returns before the timezone is attached. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ScheduleError };

export function fail(message: string, field?: string, position?: number): { ok: false; error: ScheduleError } {
  const error: ScheduleError = { message };
  if (field !== undefined) error.field = field;
  if (position !== undefined) error.position = position;
  return { ok: false, error };
}
