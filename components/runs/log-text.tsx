'use client';

import { memo } from 'react';
import { lineTime, type LogLine, type LogMatch, type LogStream } from './log-lines';

// Literal class names so Tailwind keeps them; contrast checked on both themes.
const ANSI_CLASSES: Record<string, string> = {
  'ansi-black': 'text-slate-500',
  'ansi-red': 'text-red-700 dark:text-red-400',
  'ansi-green': 'text-emerald-700 dark:text-emerald-400',
  'ansi-yellow': 'text-amber-700 dark:text-amber-300',
  'ansi-blue': 'text-blue-700 dark:text-blue-400',
  'ansi-magenta': 'text-fuchsia-700 dark:text-fuchsia-400',
  'ansi-cyan': 'text-cyan-700 dark:text-cyan-300',
  'ansi-white': 'text-slate-700 dark:text-slate-200',
  'ansi-bright-black': 'text-slate-500 dark:text-slate-400',
  'ansi-bright-red': 'text-red-600 dark:text-red-300',
  'ansi-bright-green': 'text-emerald-600 dark:text-emerald-300',
  'ansi-bright-yellow': 'text-amber-600 dark:text-amber-200',
  'ansi-bright-blue': 'text-blue-600 dark:text-blue-300',
  'ansi-bright-magenta': 'text-fuchsia-600 dark:text-fuchsia-300',
  'ansi-bright-cyan': 'text-cyan-600 dark:text-cyan-200',
  'ansi-bright-white': 'text-slate-900 dark:text-white',
  'ansi-bold': 'font-bold',
};
const ansi = (className: string) =>
  className
    .split(' ')
    .map((c) => ANSI_CLASSES[c] ?? '')
    .join(' ');

const STREAM_CLASSES: Record<LogStream, string> = {
  stdout: '',
  stderr: 'bg-red-50 text-red-800 dark:bg-red-950/60 dark:text-red-200',
  system: 'italic text-indigo-900 dark:text-indigo-200',
};
const SYSTEM_LINE = 'my-1 border-l-2 border-indigo-500 bg-indigo-50 pl-2 dark:bg-indigo-950/50';
const MARK = 'rounded-sm bg-yellow-200 text-slate-900 dark:bg-yellow-300 dark:text-slate-950';
const CURRENT = 'rounded-sm bg-orange-400 text-slate-950 outline outline-2 outline-orange-600';

/** One line: its pieces in their stream's and ANSI colours, with the search matches marked. */
const Line = memo(function Line({
  line,
  times,
  matches,
  current,
}: {
  line: LogLine;
  times: boolean;
  /** This line's matches, in order; `current` is the index among them of the current one, or -1. */
  matches: LogMatch[];
  current: number;
}) {
  let offset = 0;
  const out: React.ReactNode[] = [];
  let streamShown: LogStream = 'stdout';
  line.pieces.forEach((piece, p) => {
    const start = offset;
    const end = offset + piece.text.length;
    offset = end;
    // Cut the piece where matches begin and end.
    const cuts = new Set([start, end]);
    for (const m of matches) {
      if (m.start > start && m.start < end) cuts.add(m.start);
      if (m.end > start && m.end < end) cuts.add(m.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const label = piece.stream !== 'stdout' && piece.stream !== streamShown ? <span className="sr-only">{piece.stream}: </span> : null;
    streamShown = piece.stream;
    const parts = points.slice(0, -1).map((from, i) => {
      const to = points[i + 1]!;
      const text = piece.text.slice(from - start, to - start);
      const m = matches.findIndex((x) => x.start <= from && x.end >= to);
      if (m === -1) return text;
      return (
        <mark key={i} className={m === current ? CURRENT : MARK} data-current-match={m === current || undefined}>
          {text}
        </mark>
      );
    });
    out.push(
      <span key={p} data-stream={piece.stream} className={`${STREAM_CLASSES[piece.stream]} ${ansi(piece.className)}`}>
        {label}
        {parts}
      </span>,
    );
  });
  return (
    <span className={`block whitespace-pre-wrap break-words ${line.system ? SYSTEM_LINE : ''}`} data-line={line.n}>
      {times && (
        <span className="mr-3 text-slate-600 select-none dark:text-slate-400" data-line-time>
          {lineTime(line.at)}
        </span>
      )}
      {out}
      {line.pieces.length === 0 && ' '}
    </span>
  );
});

export function LogText({ lines, times, matches, current }: { lines: LogLine[]; times: boolean; matches: LogMatch[]; current: number }) {
  const byLine = new Map<number, { list: LogMatch[]; first: number }>();
  matches.forEach((m, i) => {
    const entry = byLine.get(m.line) ?? { list: [], first: i };
    entry.list.push(m);
    byLine.set(m.line, entry);
  });
  return (
    <>
      {lines.map((line) => {
        const entry = byLine.get(line.n);
        const here = entry && current >= entry.first && current < entry.first + entry.list.length ? current - entry.first : -1;
        return <Line key={line.n} line={line} times={times} matches={entry?.list ?? NONE} current={here} />;
      })}
    </>
  );
}
const NONE: LogMatch[] = [];
