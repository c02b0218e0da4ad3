import { isValidTimezone, parseSchedule } from '../schedules';
import { looksSecret } from '../tasks/entries';
import { keyFromName, TASK_LIMITS } from '../tasks/schemas';
import type { JobDocument } from './job-document';
import type { JobProblem } from './problems';

// A user crontab (`crontab -l`) → one job document (the one-task-per-file
// format) per entry, or every problem, each naming its line:
// - `m h dom mon dow command` or `@macro command` is a shell task; `@reboot` is refused;
// - the `#` lines right above an entry are its description;
// - `CRON_TZ=` / `TZ=` set the timezone of the entries below;
// - `MAILTO=` is kept as a note in the description of the entries below;
// - any other `NAME=value` (PATH, SHELL, …) is env of the entries below;
// - the key comes from the command (`/usr/local/bin/backup.sh --full` → backup), made unique.

export interface CrontabJob {
  /** 1-based line of the entry. */
  line: number;
  key: string;
  document: JobDocument;
  /** Env names whose value looks secret (`*_TOKEN`, `*PASSWORD*`): a job file gets a `${NAME}` reference instead. */
  secrets: string[];
}

export interface ParsedCrontab {
  jobs: CrontabJob[];
  problems: JobProblem[];
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;
const TIMEZONE_NAMES = new Set(['CRON_TZ', 'TZ']);
/** Words that run the next one (`sudo -u www php artisan …`): the key comes from what they run. */
const WRAPPERS = new Set([
  'sudo', 'nice', 'ionice', 'nohup', 'env', 'time', 'exec', 'timeout', 'flock', 'chronic', 'run-one',
  'sh', 'bash', 'zsh', 'dash', 'python', 'python3', 'node', 'php', 'perl', 'ruby', 'npx', 'uv',
]);
const SETUP = new Set(['cd', 'export', 'source', '.', 'set', 'umask']);

function unquote(value: string): string {
  const v = value.trim();
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0] ? v.slice(1, -1) : v;
}

/** `/usr/local/bin/backup.sh --full >> /var/log/backup.log 2>&1` → `backup`; `php artisan schedule:run` → `artisan-schedule-run`. */
export function keyFromCommand(command: string): string {
  const segments = command.split(/&&|\|\||;|\|/).map((s) => s.trim().split(/\s+/).filter(Boolean));
  const segment = segments.find((words) => words.length > 0 && !SETUP.has(words[0]!)) ?? segments[0] ?? [];
  const words: string[] = [];
  let wrapped = false;
  for (let i = 0; i < segment.length; i++) {
    const word = segment[i]!;
    if (/^(\d?>|<|&>|2>&1)/.test(word)) break; // a redirection: the rest is not the command
    // A wrapper's short option takes a value (`sudo -u www`, `nice -n 10`), except a shell's -c.
    if (wrapped && words.length === 0 && /^-[a-bd-zA-Z]$/.test(word)) i++;
    if (word.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || /^\d+[smhd]?$/.test(word)) continue;
    const base = unquote(word).replace(/\/+$/, '').split('/').at(-1) ?? '';
    if (words.length === 0 && WRAPPERS.has(base)) {
      wrapped = true;
      continue;
    }
    const name = base.replace(/\.(sh|bash|py|js|mjs|ts|php|pl|rb)$/i, '');
    if (name) words.push(name);
    if (words.length === 2) break;
  }
  return keyFromName(words.join(' '));
}

function uniqueKey(base: string, taken: Set<string>): string {
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  taken.add(key);
  return key;
}

const clipped = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function parseCrontab(options: { text: string; display: string }): ParsedCrontab {
  const jobs: CrontabJob[] = [];
  const problems: JobProblem[] = [];
  const taken = new Set<string>();
  const env: Record<string, string> = {};
  let timezone: string | undefined;
  let mailto: string | undefined;
  let comments: string[] = [];
  const problem = (line: number, column: number, message: string, field?: string) =>
    problems.push({ file: options.display, line, column, ...(field ? { field } : {}), message });

  options.text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    const column = raw.length - raw.trimStart().length + 1;
    if (text === '') {
      comments = []; // a blank line ends the comment block: it belongs to no entry
      return;
    }
    if (text.startsWith('#')) {
      comments.push(text.replace(/^#+ ?/, ''));
      return;
    }
    const assignment = ASSIGNMENT.exec(text);
    if (assignment) {
      comments = [];
      const [, name, rawValue] = assignment as unknown as [string, string, string];
      const value = unquote(rawValue);
      if (TIMEZONE_NAMES.has(name)) {
        if (value !== '' && !isValidTimezone(value)) problem(line, column, `unknown timezone '${value}'`, name);
        else timezone = value || undefined;
      } else if (name === 'MAILTO') mailto = value;
      else env[name] = value;
      return;
    }
    const entry = parseEntry(text);
    if ('error' in entry) {
      problem(line, column + (entry.offset ?? 0), entry.error, entry.field);
      comments = [];
      return;
    }
    const parsed = parseSchedule(entry.schedule, { timezone: timezone ?? 'UTC' });
    if (!parsed.ok) {
      problem(line, column + (parsed.error.position ?? 0), parsed.error.message, 'schedule');
      comments = [];
      return;
    }
    const key = uniqueKey(keyFromCommand(entry.command) || `crontab-line-${line}`, taken);
    const notes = [...comments];
    if (mailto !== undefined)
      notes.push(
        mailto === ''
          ? 'The crontab sent no mail for this entry (MAILTO="").'
          : `The crontab mailed this entry's output to ${mailto} (MAILTO); Cronboard sends no mail.`,
      );
    const secrets = Object.keys(env).filter(looksSecret);
    const document: JobDocument = {
      id: key,
      name: clipped(comments[0] || entry.command, TASK_LIMITS.nameChars),
      ...(notes.length > 0 && { description: notes.join('\n') }),
      command: entry.command,
      schedule: entry.schedule,
      ...(timezone && { timezone }),
      ...(Object.keys(env).length > 0 && { env: { ...env } }),
    };
    jobs.push({ line, key, document, secrets });
    comments = [];
  });
  return { jobs, problems };
}

type Entry = { schedule: string; command: string } | { error: string; field?: string; offset?: number };

/** One entry line (trimmed): its schedule text and its command, or why it is not one. */
function parseEntry(text: string): Entry {
  if (text.startsWith('@')) {
    const [macro = '', ...rest] = text.split(/\s+/);
    if (macro.toLowerCase() === '@reboot')
      return {
        error: '@reboot is not supported: Cronboard runs tasks on a schedule, not at boot (start it from your init system)',
        field: 'schedule',
      };
    return withCommand(macro, text.slice(macro.length).trim(), rest.length);
  }
  if (!/^[\d*?]/.test(text))
    return { error: 'is not a crontab entry (expected "m h dom mon dow command", "@daily command", NAME=value or a # comment)' };
  const fields = [...text.matchAll(/\S+/g)];
  if (fields.length < 6)
    return { error: 'expected 5 time fields (minute hour day-of-month month day-of-week) and a command', field: 'schedule' };
  const end = fields[4]!.index + fields[4]![0].length;
  return withCommand(text.slice(0, end), text.slice(end).trim(), 1, end + 1);
}

function withCommand(schedule: string, rawCommand: string, words: number, commandOffset = schedule.length + 1): Entry {
  if (words === 0 || rawCommand === '') return { error: 'has no command', field: 'command', offset: commandOffset };
  // In crontab an unescaped % ends the command (the rest is its stdin); `\%` is a literal %.
  const percent = /(^|[^\\])%/.exec(rawCommand);
  if (percent) {
    const at = percent.index + percent[1]!.length;
    return {
      error: 'an unescaped % (crontab sends the rest of the line as stdin, which Cronboard does not do): write \\% for a literal %',
      field: 'command',
      offset: commandOffset + at,
    };
  }
  return { schedule, command: rawCommand.replace(/\\%/g, '%') };
}
