// How deep a run is in a chain of event-triggered runs, for the depth guard of
// the trigger consumer: a loop through custom events (A publishes x.done, B
// runs on it and publishes y.done, A runs on that) cannot be seen when the
// tasks are saved, so it is stopped when it runs. Derived, not stored: a run
// queued for an event has Run.eventId, the event names the run that recorded
// it (Event.runId), and a retry follows its first attempt (Run.retryOfId).
// One pair of reads per step for all the runs of a pass, at most
// MAX_CHAIN_DEPTH + 1 steps.
import type { WriteTx } from '../db/write-transaction';

/** Runs queued by events, one after another, deeper than this are not queued. */
export const MAX_CHAIN_DEPTH = 16;

export interface ChainDepth {
  /** Event hops above the run: 0 for a run queued by a person, a schedule or the API. */
  depth: number;
  /** The tasks up the chain, the run's own first (at most MAX_CHAIN_DEPTH + 2). */
  keys: string[];
}

export async function chainDepths(tx: Pick<WriteTx, 'run' | 'event'>, runIds: number[]): Promise<Map<number, ChainDepth>> {
  type Walk = { at: number | null; depth: number; keys: string[]; viaEvent: boolean };
  const walks = new Map<number, Walk>([...new Set(runIds)].map((id) => [id, { at: id, depth: 0, keys: [], viaEvent: true }]));
  for (let step = 0; step <= MAX_CHAIN_DEPTH + 1; step++) {
    const open = [...walks.values()].filter((w) => w.at !== null && w.depth <= MAX_CHAIN_DEPTH);
    if (open.length === 0) break;
    const runs = await tx.run.findMany({
      where: { id: { in: [...new Set(open.map((w) => w.at!))] } },
      select: { id: true, eventId: true, retryOfId: true, task: { select: { key: true } } },
    });
    const byId = new Map(runs.map((r) => [r.id, r]));
    const eventIds = runs.flatMap((r) => (r.eventId === null ? [] : [r.eventId]));
    const events = eventIds.length ? await tx.event.findMany({ where: { id: { in: eventIds } }, select: { id: true, runId: true } }) : [];
    const sourceOf = new Map(events.map((e) => [e.id, e.runId]));
    for (const walk of open) {
      const run = byId.get(walk.at!);
      if (!run) {
        walk.at = null;
        continue;
      }
      if (walk.viaEvent) walk.keys.push(run.task.key);
      if (run.eventId !== null) {
        walk.depth += 1;
        walk.at = sourceOf.get(run.eventId) ?? null;
        walk.viaEvent = true;
      } else {
        // A retry is as deep as the attempt it retries (same task: its key is not repeated).
        walk.at = run.retryOfId;
        walk.viaEvent = false;
      }
    }
  }
  return new Map([...walks].map(([id, w]) => [id, { depth: w.depth, keys: w.keys }]));
}

/** The loop the keys (newest first) go round, oldest first: `a → b → a`; the whole path when no task repeats. */
export function chainLoop(keys: string[]): string[] {
  const again = keys.indexOf(keys[0]!, 1);
  return (again > 0 ? keys.slice(0, again + 1) : keys).reverse();
}
