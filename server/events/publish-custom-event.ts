// Custom events (issue 13 item 5): an app publishes `email.batch_processed`
// through the API or the CLI; it is an Event like any other, so it shows in
// Activity and the SSE stream and reaches the webhook endpoints subscribed to it.
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { Prisma } from '../../prisma/generated/sqlite/client';
import type { Db } from '../db';
import { providerOf } from '../db/client';
import { NOTIFY_RUN_QUEUED_SQL } from '../queue/notify';
import { RESERVED_NAMESPACES } from '../webhooks/patterns';
import { EVENT_VIEW_SELECT, toEventView, type EventView } from './event-view';

/** Serialized payloads above this are refused (an event is a notice, not a data transfer). */
export const CUSTOM_PAYLOAD_MAX_BYTES = 16 * 1024;

export const customEventTypeSchema = z
  .string()
  .trim()
  .max(100)
  .regex(/^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/, { error: 'must be a dotted name in lower case, such as email.batch_processed' })
  .refine((type) => !RESERVED_NAMESPACES.includes(type.split('.')[0]!), {
    error: (issue) => `'${String(issue.input)}' is in a namespace Cronboard reserves for its own events (${RESERVED_NAMESPACES.map((n) => `${n}.`).join(', ')})`,
  });

export const customEventInputSchema = z.object({
  type: customEventTypeSchema,
  payload: z
    .record(z.string(), z.unknown())
    .optional()
    .refine((p) => p === undefined || JSON.stringify(p).length <= CUSTOM_PAYLOAD_MAX_BYTES, { error: `must be at most ${CUSTOM_PAYLOAD_MAX_BYTES / 1024} KiB of JSON` }),
});
export type CustomEventInput = z.infer<typeof customEventInputSchema>;

/** The run an event was published from (ctx.publish or a `::cronboard-event` line): the event records it. */
export interface EventSource {
  runId: number;
  taskId: number;
  taskKey: string;
}

/** Records one custom event and returns it as the events API shows it. */
export async function publishCustomEvent(options: { db: Db; input: CustomEventInput; actor: Actor; source?: EventSource }): Promise<EventView> {
  const input = customEventInputSchema.parse(options.input);
  const { source } = options;
  const row = await options.db.event.create({
    data: {
      type: input.type,
      actorType: options.actor.type,
      actorId: options.actor.id ?? null,
      actorName: options.actor.name,
      payload: (input.payload ?? {}) as Prisma.InputJsonObject,
      ...(source && { runId: source.runId, taskId: source.taskId, taskKey: source.taskKey }),
    },
    select: EVENT_VIEW_SELECT,
  });
  // PostgreSQL: wake the idle workers, whose event triggers then look at once (SQLite workers see the commit itself).
  if (providerOf(options.db) === 'postgresql') await options.db.$executeRawUnsafe(`SELECT ${NOTIFY_RUN_QUEUED_SQL}`);
  return toEventView(row);
}
