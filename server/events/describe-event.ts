// One readable sentence per event, for the activity feed:
// "worker w1 started run #12 of nightly-backup". The sentences live in the
// catalogue (EVENT_TYPES); this fills in who, which task and which run.
import { EVENT_TYPES, isEventType } from './catalogue';

export interface DescribableEvent {
  /** A catalogue type; a row of a type the catalogue no longer has still gets a line. */
  type: string;
  actorType: string;
  actorName: string | null;
  taskKey: string | null;
  runId: number | null;
  payload: unknown;
  /** The task's name, when the caller looked it up (the feed says "Nightly backup", not its key). */
  taskName?: string | null;
  /** The person's name, when the caller looked it up ("Ada" rather than ada@example.com). */
  actorDisplayName?: string | null;
}

export function describeEvent(e: DescribableEvent): string {
  // "worker w1", "token deploy-bot"; a user or the system by name alone.
  const who = actorLabel(e);
  if (isEventType(e.type)) {
    const payload = e.payload && typeof e.payload === 'object' ? (e.payload as Record<string, unknown>) : {};
    return EVENT_TYPES[e.type].sentence({
      who,
      task: e.taskName ?? e.taskKey ?? 'a deleted task',
      run: e.runId === null ? 'a run' : `run #${e.runId}`,
      payload,
    });
  }
  return `${who}: ${e.type}${e.taskKey ? ` on ${e.taskKey}` : ''}${e.runId === null ? '' : ` (run #${e.runId})`}`;
}

/** "worker w1", "token deploy-bot", a user (their name when known) or the system by name alone. */
export function actorLabel(e: Pick<DescribableEvent, 'actorType' | 'actorName' | 'actorDisplayName'>): string {
  if (e.actorType === 'user' && e.actorDisplayName) return e.actorDisplayName;
  const name = e.actorName ?? 'someone';
  return e.actorType === 'user' || e.actorType === name ? name : `${e.actorType} ${name}`;
}
