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
  const { db } = options;
  const event = await db.event.findUnique({ where: { id: options.eventId }, select: EVENT_VIEW_SELECT });
  if (!event) return null;
  const base = options.publicUrl?.replace(/\/+$/, '');
  const link = (path: string) => (base ? `${base}${path}` : null);
  const [task, run] = await Promise.all([
    event.taskKey ? db.task.findUnique({ where: { key: event.taskKey }, select: { key: true, name: true, status: true } }) : null,
    event.runId ? db.run.findUnique({ where: { id: event.runId }, include: runRowInclude }) : null,
  ]);
  return {
    type: event.type,
    timestamp: event.at.toISOString(),
    data: {
      event: toEventView(event),
      task: task ? { ...task, url: link(`/tasks/${encodeURIComponent(task.key)}`) } : null,
      run: run ? { ...toRunListItem(run), url: link(`/runs/${run.id}`) } : null,
    },
  };
}
