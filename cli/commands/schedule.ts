// `cronboard schedule next "<expr>"` and `cronboard validate "<expr>"`: thin
// over server/schedules. The run* functions hold the behaviour and return an
// exit code so tests can call them without spawning a process.
import type { Command } from 'commander';
import { getConfig } from '../../server/config';
import {
  DEFAULT_PREVIEW_COUNT,
  MAX_PREVIEW_COUNT,
  formatWallTime,
  parseIsoInstant,
  parseSchedule,
  describeSchedule,
  previewSchedule,
  isValidTimezone,
  type ScheduleError,
} from '../../server/schedules';
import { EXIT_USAGE, processIO, type CliIO } from '../io';

export interface ScheduleCliIO extends CliIO {
  /** Clock for the default --from. */
  now?: () => Date;
}

export interface ScheduleNextArgs {
  expr: string;
  tz?: string;
  from?: string;
  count?: string | number;
  json?: boolean;
}

export interface ValidateArgs {
  expr: string;
  tz?: string;
  json?: boolean;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function usageError(error: ScheduleError, args: { expr: string; json?: boolean }, io: CliIO): number {
  const prefix = error.field === 'count' || error.field === 'from' ? '' : `invalid schedule '${oneLine(args.expr)}': `;
  io.stderr(`cronboard: ${prefix}${oneLine(error.message)}`);
  if (args.json) io.stdout(JSON.stringify({ error: { message: error.message, field: error.field ?? null } }));
  return EXIT_USAGE;
}

function readCount(value: string | number | undefined): number | ScheduleError {
  if (value === undefined) return DEFAULT_PREVIEW_COUNT;
  const text = String(value).trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= MAX_PREVIEW_COUNT))
    return { message: `--count: '${text}' must be a whole number from 1 to ${MAX_PREVIEW_COUNT}`, field: 'count' };
  return n;
}

export function runScheduleNext(args: ScheduleNextArgs, io: ScheduleCliIO = processIO): number {
  const timezone = args.tz ?? 'UTC';
  if (!isValidTimezone(timezone))
    return usageError(
      { message: `unknown timezone '${timezone}' (use an IANA name such as Europe/Paris or UTC)`, field: 'timezone' },
      args,
      io,
    );
  let from = io.now?.() ?? new Date();
  if (args.from !== undefined) {
    const r = parseIsoInstant(args.from, timezone, '--from');
    if (!r.ok) return usageError({ message: r.error.message, field: 'from' }, args, io);
    from = r.value;
  }
  const count = readCount(args.count);
  if (typeof count !== 'number') return usageError(count, args, io);

  const preview = previewSchedule(args.expr, { timezone, from, count });
  if (!preview.ok) return usageError(preview.error, args, io);
  if (args.json) {
    const { kind, normalized, description, timezone: tz, next } = preview;
    io.stdout(JSON.stringify({ kind, normalized, description, timezone: tz, next: next.map((d) => d.toISOString()) }));
    return 0;
  }
  const lines = [
    `Schedule:    ${preview.normalized} (${preview.kind})`,
    `Description: ${preview.description}`,
    `Timezone:    ${preview.timezone}`,
  ];
  if (preview.next.length === 0) {
    lines.push(
      preview.kind === 'manual' ? 'Never fires by itself (run it by hand).' : `No fire times after ${from.toISOString()}.`,
    );
  } else {
    lines.push(`Next ${preview.next.length} after ${from.toISOString()}:`);
    for (const d of preview.next)
      lines.push(`  ${d.toISOString()}  ${formatWallTime(preview.timezone, d.getTime())} ${preview.timezone}`);
  }
  io.stdout(lines.join('\n'));
  return 0;
}

export function runValidate(args: ValidateArgs, io: CliIO = processIO): number {
  const parsed = parseSchedule(args.expr, { timezone: args.tz ?? 'UTC' });
  if (!parsed.ok) return usageError(parsed.error, args, io);
  const { schedule } = parsed;
  const description = describeSchedule(schedule);
  if (args.json) {
    const { kind, expression: normalized, timezone } = schedule;
    io.stdout(JSON.stringify({ valid: true, kind, normalized, description, timezone }));
  } else {
    io.stdout(`valid ${schedule.kind} schedule: ${schedule.expression} — ${description}`);
  }
  return 0;
}

/** --tz, else the configured default zone (CRONBOARD_TIMEZONE / cronboard.yaml), read only when needed. */
function zoneOrDefault(tz: string | undefined): string {
  return tz ?? getConfig().timezone;
}

export function registerScheduleCommands(program: Command, io: ScheduleCliIO = processIO): void {
  const schedule = program.command('schedule').description('check schedule expressions and preview their fire times');
  schedule
    .command('next')
    .description('print the next fire times of a schedule expression')
    .argument('<expr>', "cron, interval, words, ISO date-time, 'now' or 'manual' (quote it)")
    .option('--tz <iana>', 'time zone the schedule is read in (default: configured timezone)')
    .option('--from <iso>', 'start after this ISO-8601 instant (default: now)')
    .option('--count <n>', `how many fire times, 1-${MAX_PREVIEW_COUNT}`, String(DEFAULT_PREVIEW_COUNT))
    .option('--json', 'print one JSON object')
    .action((expr: string, opts: { tz?: string; from?: string; count?: string; json?: boolean }) => {
      process.exitCode = runScheduleNext({ expr, ...opts, tz: zoneOrDefault(opts.tz) }, io);
    });

  // `cronboard validate EXPR` and `cronboard schedule validate EXPR`: one command under two names.
  for (const parent of [program, schedule]) {
    parent
      .command('validate')
      .description('check a schedule expression; exit status 2 when it is invalid')
      .argument('<expr>', 'schedule expression (quote it)')
      .option('--tz <iana>', 'time zone the schedule is read in (default: configured timezone)')
      .option('--json', 'print one JSON object')
      .action((expr: string, opts: { tz?: string; json?: boolean }) => {
        process.exitCode = runValidate({ expr, ...opts, tz: zoneOrDefault(opts.tz) }, io);
      });
  }
}
