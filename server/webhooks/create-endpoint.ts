import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { writeTransaction } from '../db/write-transaction';
import { AppError } from '../errors';
import { findTaskIdOrThrow } from '../tasks/find-task';
import { newEndpointSecret, storedSecret } from './endpoint-secret';
import { ensureWebhookCursor, newestEventId } from './fan-out-events';
import { targetUrlProblem } from './safe-target';
import { ENDPOINT_VIEW_SELECT, toEndpointView, webhookInputSchema, type WebhookEndpointView, type WebhookInput } from './schemas';

export interface CreateEndpointOptions {
  db: Db;
  input: WebhookInput;
  actor: Actor;
  /** CRONBOARD_SECRET_KEY's bytes: the secret is stored encrypted with it. */
  secretKey: Buffer | null;
  allowPrivate: boolean;
}

/** Saves an endpoint; its secret is in the answer and nowhere else afterwards. It receives events recorded from now on. */
export async function createEndpoint(options: CreateEndpointOptions): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const input = webhookInputSchema.parse(options.input);
  const problem = targetUrlProblem(input.url, options.allowPrivate);
  if (problem) throw new AppError('BAD_REQUEST', `url: ${problem}`, { issues: [{ path: 'url', message: problem }] });
  const secret = newEndpointSecret();
  const row = await writeTransaction(options.db, async (tx) => {
    if (input.taskKey !== undefined) await findTaskIdOrThrow(tx, input.taskKey);
    await ensureWebhookCursor(tx);
    return tx.webhookEndpoint.create({
      data: {
        url: input.url,
        events: input.events,
        taskKey: input.taskKey ?? null,
        label: input.label ?? null,
        secret: storedSecret(secret, options.secretKey),
        sinceEventId: await newestEventId(tx),
        createdBy: options.actor.name,
      },
      select: ENDPOINT_VIEW_SELECT,
    });
  });
  return { endpoint: toEndpointView(row), secret };
}
