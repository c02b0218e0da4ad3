// Webhook commands: webhook add / list / remove / test / deliveries. Thin over server/webhooks.
import type { Command } from 'commander';
import { secretKeyOf } from '../../server/secrets/crypto';
import { createEndpoint } from '../../server/webhooks/create-endpoint';
import { DELIVERY_PAGE_MAX, listDeliveries } from '../../server/webhooks/list-deliveries';
import { listEndpoints } from '../../server/webhooks/list-endpoints';
import { removeEndpoint } from '../../server/webhooks/remove-endpoint';
import { webhookIdSchema, webhookInputSchema } from '../../server/webhooks/schemas';
import { sendTestEvent } from '../../server/webhooks/send-test-event';
import { cliActor } from '../actor';
import { cliDb, startCli } from '../database';
import { processIO, type CliIO } from '../io';
import { clip, json, jsonCommand, table, utc, wholeNumber } from './format';
import { flag } from './zod-flags';

const fields = webhookInputSchema.shape;

export function registerWebhookCommands(program: Command, io: CliIO = processIO): void {
  /** `--json`: the items; else a table of them under `head`, or the `empty` sentence. */
  const printList = <T>(asJson: boolean | undefined, items: T[], empty: string, head: string[], row: (item: T) => string[]) =>
    io.stdout(asJson ? json(items) : items.length === 0 ? empty : table([head, ...items.map(row)]));
  const webhook = program
    .command('webhook')
    .description('webhook endpoints: signed, retried deliveries of the events they subscribe to');

  jsonCommand(webhook, 'add', 'add an endpoint; prints its id and signing secret, once')
    .requiredOption('--url <url>', 'where deliveries are POSTed (http or https)')
    .requiredOption('--events <patterns>', 'event patterns, comma-separated: run.failed, run.*, task.*, *')
    .option('--task <key>', 'only events of this task')
    .option('--label <label>', 'only events of tasks with this label')
    .action(async (opts: { url: string; events: string; task?: string; label?: string; json?: boolean }) => {
      const input = {
        url: flag('--url', fields.url, opts.url),
        events: flag(
          '--events',
          fields.events,
          opts.events
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean),
        ),
        taskKey: opts.task === undefined ? undefined : flag('--task', fields.taskKey, opts.task),
        label: opts.label === undefined ? undefined : flag('--label', fields.label, opts.label),
      };
      const { config, handle } = await startCli();
      const created = await createEndpoint({
        db: handle.db,
        input,
        actor: cliActor(),
        secretKey: secretKeyOf(config),
        allowPrivate: config.webhookAllowPrivate,
      });
      if (opts.json) return io.stdout(json({ id: created.endpoint.id, secret: created.secret, endpoint: created.endpoint }));
      io.stdout(`${created.endpoint.id} ${created.secret}\n`);
      // On stderr, so a script captures only the id and the secret.
      process.stderr.write(
        `Endpoint ${created.endpoint.id} → ${created.endpoint.url} (${created.endpoint.events.join(', ')}). The secret is shown only this once: store it now.\n`,
      );
    });

  jsonCommand(webhook, 'list', 'all endpoints (never their secrets)').action(async (opts: { json?: boolean }) => {
    const endpoints = await listEndpoints({ db: await cliDb() });
    printList(
      opts.json,
      endpoints,
      'No webhook endpoints yet (add one with `cronboard webhook add --url URL --events run.failed`).',
      ['ID', 'URL', 'EVENTS', 'FILTER', 'STATUS', 'WAITING', 'LAST DELIVERY (UTC)'],
      (e) => [
        e.id,
        clip(e.url, 50),
        e.events.join(','),
        e.taskKey ? `task ${e.taskKey}` : e.label ? `label ${e.label}` : '-',
        e.enabled
          ? e.failingSince
            ? `failing since ${utc(e.failingSince)}`
            : 'enabled'
          : `disabled${e.disabledReason ? `: ${clip(e.disabledReason, 40)}` : ''}`,
        String(e.waiting),
        e.lastDelivery
          ? `${e.lastDelivery.status}${e.lastDelivery.statusCode ? ` ${e.lastDelivery.statusCode}` : ''} ${utc(e.lastDelivery.at)}`
          : '-',
      ],
    );
  });

  jsonCommand(webhook, 'remove', 'remove an endpoint with its deliveries')
    .argument('<id>', 'the endpoint id (see `cronboard webhook list`)')
    .action(async (id: string, opts: { json?: boolean }) => {
      const removed = await removeEndpoint({ db: await cliDb(), id: flag('ID', webhookIdSchema, id) });
      io.stdout(opts.json ? json(removed) : `Removed webhook endpoint ${removed.id} (${removed.url}).`);
    });

  jsonCommand(webhook, 'test', 'send the endpoint a webhook.test event (a worker delivers it)')
    .argument('<id>', 'the endpoint id')
    .action(async (id: string, opts: { json?: boolean }) => {
      const sent = await sendTestEvent({ db: await cliDb(), id: flag('ID', webhookIdSchema, id), actor: cliActor() });
      io.stdout(
        opts.json
          ? json(sent)
          : `Test event #${sent.eventId} recorded; a worker delivers it (see \`cronboard webhook deliveries ${id}\`).`,
      );
    });

  jsonCommand(webhook, 'deliveries', "an endpoint's recent deliveries with their attempts")
    .argument('<id>', 'the endpoint id')
    .option('--limit <n>', `how many (1-${DELIVERY_PAGE_MAX}, default 20)`)
    .action(async (id: string, opts: { json?: boolean; limit?: string }) => {
      const limit = opts.limit === undefined ? 20 : wholeNumber('--limit', opts.limit, 1, DELIVERY_PAGE_MAX);
      const deliveries = await listDeliveries({ db: await cliDb(), endpointId: flag('ID', webhookIdSchema, id), limit });
      printList(
        opts.json,
        deliveries,
        'No deliveries yet.',
        ['ID', 'EVENT', 'WEBHOOK-ID', 'STATUS', 'ATTEMPTS', 'LAST ANSWER', 'NEXT (UTC)'],
        (d) => [
          String(d.id),
          `#${d.eventId} ${d.eventType}`,
          d.webhookId,
          d.status,
          String(d.attempts),
          d.lastStatusCode !== null ? String(d.lastStatusCode) : clip(d.lastError ?? '-', 40),
          utc(d.nextAttemptAt),
        ],
      );
    });
}
