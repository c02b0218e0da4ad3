'use client';

import { useNow } from './use-now';

export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** Time since `since` as m:ss (h:mm:ss past an hour), ticking every second. Blank on the server (no hydration mismatch). */
export function Elapsed({ since }: { since: Date }) {
  const now = useNow(1_000);
  return (
    <time dateTime={since.toISOString()} className="tabular-nums" suppressHydrationWarning>
      {now === null ? '0:00' : formatElapsed(now - since.getTime())}
    </time>
  );
}
