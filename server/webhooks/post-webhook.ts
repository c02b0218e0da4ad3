import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import { safeLookup } from './safe-target';

/** Per-attempt limit: no answer within it is a timeout (retried). */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** How much of an answer an attempt keeps. */
export const RESPONSE_KEEP_BYTES = 4096;

export interface PostResult {
  statusCode: number | null;
  durationMs: number;
  /** The first 4 KiB of the answer's body. */
  response: string | null;
  error: string | null;
  retryAfter?: string;
  /** Succeeded, for a channel without HTTP codes (email); else a 2xx code is success. */
  ok?: boolean;
}

export interface PostWebhookOptions {
  url: string;
  /** `whsec_…`; null: unsigned (a Slack incoming webhook, which knows no signatures). */
  secret: string | null;
  webhookId: string;
  body: string;
  allowPrivate: boolean;
  timeoutMs?: number;
  now?: Date;
}

/** Signs (standardwebhooks) and POSTs one delivery. Never throws: a failure is in the result. */
export function postWebhook(options: PostWebhookOptions): Promise<PostResult> {
  const started = performance.now();
  const at = options.now ?? new Date();
  const signing =
    options.secret === null
      ? {}
      : {
          'webhook-id': options.webhookId,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': new Webhook(options.secret).sign(options.webhookId, at, options.body),
        };
  const url = new URL(options.url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, durationMs: elapsed() });
    };
    const req = request(
      url,
      {
        method: 'POST',
        lookup: safeLookup(options.allowPrivate),
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(options.body),
          'user-agent': 'Cronboard-Webhooks',
          ...signing,
        },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (kept < RESPONSE_KEEP_BYTES) {
            chunks.push(chunk.subarray(0, RESPONSE_KEEP_BYTES - kept));
            kept += Math.min(chunk.length, RESPONSE_KEEP_BYTES - kept);
          }
        });
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          done({ statusCode: res.statusCode ?? null, response: Buffer.concat(chunks).toString('utf8'), error: null, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined });
        });
        res.on('error', (err) => done({ statusCode: res.statusCode ?? null, response: null, error: err.message }));
      },
    );
    // The whole attempt (connect, answer, body) has this long.
    const limitMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
    const timer = setTimeout(() => {
      done({ statusCode: null, response: null, error: `no complete answer within ${limitMs / 1000} s` });
      req.destroy();
    }, limitMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (err) => done({ statusCode: null, response: null, error: err.message }));
    req.end(options.body);
  });
}
