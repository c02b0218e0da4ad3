import type { Db } from '../db';

/** The first non-empty line of a text, trimmed and cut to 200 characters (null when there is none). */
export const firstLine = (text: string | null | undefined): string | null =>
  text?.split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 200) ?? null;

/**
 * The first stderr line of each run, for the board's failing cards and the
 * runs table's Error column: a handful of runs at a time. Reads each run's
 * first stderr chunk only (its lowest seq), not the whole log.
 */
export async function firstStderrLines(db: Db, runIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (runIds.length === 0) return out;
  const firsts = await db.runLog.groupBy({ by: ['runId'], where: { runId: { in: runIds }, stream: 'stderr' }, _min: { seq: true } });
  const keys = firsts.flatMap((f) => (f._min.seq === null ? [] : [{ runId: f.runId, seq: f._min.seq }]));
  if (keys.length === 0) return out;
  const chunks = await db.runLog.findMany({ where: { OR: keys }, select: { runId: true, data: true } });
  for (const c of chunks) {
    const line = firstLine(c.data);
    if (line) out.set(c.runId, line);
  }
  return out;
}
