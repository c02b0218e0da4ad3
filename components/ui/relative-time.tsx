'use client';

import { useNow } from './use-now';

const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

export function formatRelative(date: Date, now: number): string {
  const diff = date.getTime() - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'second') return rtf.format(Math.round(diff / ms), unit);
  }
  return rtf.format(0, 'second');
}

/** "in 3 hours", kept current; the exact local time is in the tooltip. Server HTML shows the UTC time. */
export function RelativeTime({ date }: { date: Date }) {
  const now = useNow(15_000);
  return (
    <time dateTime={date.toISOString()} title={now === null ? undefined : date.toLocaleString()} suppressHydrationWarning>
      {now === null ? date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : formatRelative(date, now)}
    </time>
  );
}
