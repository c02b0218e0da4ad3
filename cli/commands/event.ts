// `cronboard event publish TYPE [--payload JSON]`: a custom event (issue 13 item 5). Thin over server/events.
import type { Command } from 'commander';
import { customEventInputSchema, publishCustomEvent } from '../../server/events/publish-custom-event';
import { cliActor } from '../actor';
import { cliDb } from '../database';
import { processIO, type CliIO } from '../io';
import { json, jsonCommand, usageError } from './format';
import { flag } from './zod-flags';

export function registerEventCommands(program: Command, io: CliIO = processIO): void {
  const event = program.command('event').description('custom events: shown in Activity and the stream, delivered to subscribed webhooks');
  jsonCommand(event, 'publish', 'record a custom event (a dotted type outside task., run., worker., user., jobs., board., webhook.)')
    .argument('<type>', 'the event type, e.g. email.batch_processed')
    .option('--payload <json>', 'a JSON object carried by the event')
    .action(async (type: string, opts: { payload?: string; json?: boolean }) => {
      let payload: unknown;
      if (opts.payload !== undefined) {
        try {
          payload = JSON.parse(opts.payload);
        } catch (err) {
          throw usageError(`--payload: not JSON (${err instanceof Error ? err.message : String(err)})`);
        }
      }
      const input = {
        type: flag('TYPE', customEventInputSchema.shape.type, type),
        payload: flag('--payload', customEventInputSchema.shape.payload, payload),
      };
      const published = await publishCustomEvent({ db: await cliDb(), input, actor: cliActor() });
      io.stdout(opts.json ? json(published) : `Published event #${published.id} ${published.type}.`);
    });
}
