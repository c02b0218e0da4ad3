import { describe, expect, it } from 'vitest';
import { decodeRunStrip, encodeRunStrip, type StripRun } from '../../../server/board/run-strip';

describe('the run strip encoding', () => {
  it('round-trips ten runs of every status, nulls included, in about ten bytes a run', () => {
    const start = 29_410_720; // epoch minutes
    const runs: StripRun[] = [
      { id: 100_234, status: 'running', startedAt: start, durationDs: null },
      { id: 100_101, status: 'failed', startedAt: start - 60, durationDs: 12 },
      { id: 99_980, status: 'timed_out', startedAt: start - 120, durationDs: 36_000 },
      { id: 99_801, status: 'skipped', startedAt: null, durationDs: null },
      { id: 99_700, status: 'cancelled', startedAt: start - 180, durationDs: 3 },
      ...[5, 6, 7, 8, 9].map((i) => ({ id: 99_000 - i * 97, status: 'succeeded', startedAt: start - i * 60, durationDs: 21 })),
    ];
    const text = encodeRunStrip(runs);
    expect(decodeRunStrip(text)).toEqual(runs);
    expect(text.length).toBeLessThan(120);
    expect(decodeRunStrip('')).toEqual([]);
  });
});
