import type { Db } from '../db';
import { EVENT_VIEW_SELECT, toEventView, type EventView } from '../events/event-view';
import { runRowInclude, toRunListItem, type RunListItem } from '../runs/run-row';

/** The JSON body of a delivery: `{type, timestamp, data}` (Standard Webhooks). */
export interface DeliveryBody {
  type: string;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: {
    event: EventView;
    /** The task it concerns, as it is now (null: none, or deleted since). */
    task: { key: string; name: string; status: string; url: string | null } | null;
    /** The run it concerns, as it is now, with a link to its page when PUBLIC_URL is set. */
    run: (RunListItem & { url: string | null }) | null;
  };
}

/** Builds the body at send time from the event and what it refers to; null when the event is gone (pruned). */
export async function deliveryBody(options: { db: Db; eventId: number; publicUrl?: string }): Promise<DeliveryBody | null> {
  return (await deliveryBodies({ ...options, eventIds: [options.eventId] })).get(options.eventId) ?? null;
}

/**
 * The bodies of several events at once (a sender's claimed batch: three
 * endpoints on one event share it), in three reads whatever their number.
 * An event that is gone (pruned) has no entry.
 */
export async function deliveryBodies(options: { db: Db; eventIds: number[]; publicUrl?: string }): Promise<Map<number, DeliveryBody>> {
  const { db } = options;
  const events = await db.event.findMany({ where: { id: { in: [...new Set(options.eventIds)] } }, select: EVENT_VIEW_SELECT });
  const base = options.publicUrl?.replace(/\/+$/, '');
  const link = (path: string) => (base ? `${base}${path}` : null);
  const taskKeys = [...new Set(events.flatMap((e) => (e.taskKey ? [e.taskKey] : [])))];
  const runIds = [...new Set(events.flatMap((e) => (e.runId ? [e.runId] : [])))];
  const [tasks, runs] = await Promise.all([
    taskKeys.length ? db.task.findMany({ where: { key: { in: taskKeys } }, select: { key: true, name: true, status: true } }) : [],
    runIds.length ? db.run.findMany({ where: { id: { in: runIds } }, include: runRowInclude }) : [],
  ]);
  const taskByKey = new Map(tasks.map((t) => [t.key, t]));
  const runById = new Map(runs.map((r) => [r.id, r]));
  return new Map(
    events.map((event) => {
      const task = event.taskKey ? taskByKey.get(event.taskKey) : undefined;
      const run = event.runId ? runById.get(event.runId) : undefined;
      const body: DeliveryBody = {
        type: event.type,
        timestamp: event.at.toISOString(),
        data: {
          event: toEventView(event),
          task: task ? { ...task, url: link(`/tasks/${encodeURIComponent(task.key)}`) } : null,
          run: run ? { ...toRunListItem(run), url: link(`/runs/${run.id}`) } : null,
        },
      };
      return [event.id, body];
    }),
  );
}
