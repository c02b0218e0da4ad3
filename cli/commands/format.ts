// Output helpers shared by the CLI commands: aligned columns, UTC times, usage errors.
import type { Command } from 'commander';
import { AppError } from '../../server/errors';

/** Rows as aligned columns; the first row is the header. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `2026-01-02 03:04:05` (UTC), or `-`. */
export function utc(date: Date | null | undefined, precision: 'minute' | 'second' = 'second'): string {
  if (!date) return '-';
  return date
    .toISOString()
    .slice(0, precision === 'minute' ? 16 : 19)
    .replace('T', ' ');
}

/** `1.2s`, `3m 4s`, `2h 5m`, `3d 4h`. */
export function duration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (Math.abs(ms) < 10_000) return `${(Math.abs(ms) / 1000).toFixed(1)}s`;
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

/** One line, at most `max` characters. */
export function clip(text: string | null | undefined, max = 60): string {
  if (!text) return '-';
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** A subcommand of `parent` that takes `--json` (then it prints exactly one JSON document on stdout). */
export function jsonCommand(parent: Command, name: string, description: string): Command {
  return parent.command(name).description(description).option('--json', 'print JSON');
}

/** Flags from a table of `[flags, help]` rows (a command with several reads better as one list). */
export function withOptions(command: Command, options: readonly (readonly [string, string])[]): Command {
  for (const [flags, help] of options) command.option(flags, help);
  return command;
}

/** A wrong argument: one line `cronboard: <message>`, exit status 2. */
export function usageError(message: string): AppError {
  return new AppError('BAD_REQUEST', message);
}

/** A whole number from a flag or argument, checked against a range. */
export function wholeNumber(label: string, value: string, min: number, max: number): number {
  const text = value.trim();
  if (!/^\d+$/.test(text)) throw usageError(`${label}: '${value}' is not a whole number`);
  const n = Number(text);
  if (n < min || n > max) throw usageError(`${label}: ${n} is out of range ${min}-${max}`);
  return n;
}

export function runId(value: string): number {
  return wholeNumber('RUN_ID', value, 1, Number.MAX_SAFE_INTEGER);
}
