// The run history strip on a board card, encoded compactly: board.get carries
// it for every card (1,000 cards × 10 runs), so each run costs a few bytes.
// Shared by the server (encode) and the board (decode): no database, no Node.

export interface StripRun {
  id: number;
  status: string;
  /** Epoch minutes (the tooltip shows hours and minutes); null for a run that never started (skipped, cancelled while queued). */
  startedAt: number | null;
  /** Whole deciseconds; null when unknown (still running, never started). */
  durationDs: number | null;
}

const CODES: Record<string, string> = { succeeded: 's', failed: 'f', timed_out: 't', cancelled: 'c', skipped: 'k', running: 'r', queued: 'q' };
const STATUSES = Object.fromEntries(Object.entries(CODES).map(([status, code]) => [code, status]));

const b36 = (n: number) => n.toString(36);

/**
 * Newest first. Each run is `<status><id>.<start>.<duration>` in base 36, the
 * id and start of every run after the first as the difference from the one
 * before it (ids and start times go down), empty fields for nulls, runs
 * separated by spaces: ~10 bytes a run.
 */
export function encodeRunStrip(runs: StripRun[]): string {
  let prevId: number | null = null;
  let prevStart: number | null = null;
  return runs
    .map((r) => {
      const id = prevId === null ? b36(r.id) : b36(prevId - r.id);
      const start = r.startedAt === null ? '' : prevStart === null ? b36(r.startedAt) : b36(prevStart - r.startedAt);
      prevId = r.id;
      if (r.startedAt !== null) prevStart = r.startedAt;
      return `${CODES[r.status] ?? 'c'}${id}.${start}.${r.durationDs === null ? '' : b36(r.durationDs)}`;
    })
    .join(' ');
}

export function decodeRunStrip(text: string): StripRun[] {
  if (text === '') return [];
  let prevId: number | null = null;
  let prevStart: number | null = null;
  return text.split(' ').map((part) => {
    const [idText = '', startText = '', durationText = ''] = part.slice(1).split('.');
    const id: number = prevId === null ? parseInt(idText, 36) : prevId - parseInt(idText, 36);
    const startedAt: number | null = startText === '' ? null : prevStart === null ? parseInt(startText, 36) : prevStart - parseInt(startText, 36);
    prevId = id;
    if (startedAt !== null) prevStart = startedAt;
    return { id, status: STATUSES[part[0] ?? ''] ?? 'cancelled', startedAt, durationDs: durationText === '' ? null : parseInt(durationText, 36) };
  });
}

/** The strip's newest run (its first), without decoding the rest. */
export function newestStripRun(text: string | undefined): StripRun | undefined {
  if (!text) return undefined;
  const space = text.indexOf(' ');
  return decodeRunStrip(space < 0 ? text : text.slice(0, space))[0];
}
