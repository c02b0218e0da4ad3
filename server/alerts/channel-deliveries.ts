import type { WriteTx } from '../db/write-transaction';
import type { EventRow } from '../events/read-new-events';

/** A delivery row for an alert rule's channel (see WebhookDelivery). */
export interface ChannelDelivery {
  endpointId?: string;
  alertRuleId?: string;
  channel: 'webhook' | 'slack' | 'email';
  target?: string;
  eventId: number;
  eventType: string;
  nextAttemptAt: Date;
}

/**
 * The channel rows of a batch's `alert.*` events: each event names its rule;
 * the rule's channel is told, unless the event is `silent` (a recovery rule's
 * incident opening: such a rule speaks only when the task recovers).
 */
export async function alertChannelDeliveries(tx: WriteTx, events: EventRow[]): Promise<ChannelDelivery[]> {
  const alerts = events.filter((e) => e.type.startsWith('alert.') && !(e.payload as { silent?: boolean } | null)?.silent);
  const ruleIds = [...new Set(alerts.map((e) => (e.payload as { ruleId?: string } | null)?.ruleId).filter((id): id is string => typeof id === 'string'))];
  if (ruleIds.length === 0) return [];
  const rules = new Map((await tx.alertRule.findMany({ where: { id: { in: ruleIds } }, select: { id: true, channel: true, target: true } })).map((r) => [r.id, r]));
  const endpoints = new Set(
    (await tx.webhookEndpoint.findMany({ where: { id: { in: [...rules.values()].filter((r) => r.channel === 'webhook').map((r) => r.target) } }, select: { id: true } })).map((e) => e.id),
  );
  return alerts.flatMap((event): ChannelDelivery[] => {
    const rule = rules.get((event.payload as { ruleId?: string }).ruleId ?? '');
    if (!rule) return [];
    const base = { eventId: event.id, eventType: event.type, nextAttemptAt: event.at };
    if (rule.channel === 'webhook') return endpoints.has(rule.target) ? [{ ...base, channel: 'webhook', endpointId: rule.target }] : [];
    if (rule.channel === 'slack' || rule.channel === 'email') return [{ ...base, channel: rule.channel, alertRuleId: rule.id, target: rule.target }];
    return [];
  });
}
