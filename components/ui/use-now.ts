'use client';

import { useEffect, useState } from 'react';

/**
 * The current time in ms, updated every `intervalMs`; null until mounted, so
 * server HTML and the first client render agree (no hydration mismatch).
 */
export function useNow(intervalMs: number): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
