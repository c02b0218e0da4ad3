// What an alert says on the Slack and email channels, from the delivery body
// (the event with its task and run, links when PUBLIC_URL is set).
import type * as Nodemailer from 'nodemailer';
import type { DeliveryBody } from '../webhooks/delivery-body';
import type { PostResult } from '../webhooks/post-webhook';

const HEADLINE: Record<string, string> = {
  'alert.opened': ':rotating_light: Alert',
  'alert.reminder': ':bell: Still alerting',
  'alert.resolved': ':white_check_mark: Resolved',
};

interface AlertLines {
  headline: string;
  task: string;
  reason: string;
  run: string | null;
  error: string | null;
  link: string | null;
}

function linesOf(body: DeliveryBody): AlertLines {
  const payload = (body.data.event.payload ?? {}) as { reason?: string; by?: string; kind?: string };
  const run = body.data.run;
  const task = body.data.task?.name ?? body.data.event.taskKey ?? 'a deleted task';
  return {
    headline: HEADLINE[body.type] ?? body.type,
    task,
    reason: body.type === 'alert.resolved' ? `${payload.reason ?? ''}; resolved: ${payload.by ?? ''}` : (payload.reason ?? ''),
    run: run ? `run #${run.id} (${run.status})` : null,
    error: run?.error ?? null,
    link: run?.url ?? body.data.task?.url ?? null,
  };
}

/** A Slack-compatible incoming-webhook message: `text` (the notification) and blocks (task, run, error, link). */
export function slackMessage(body: DeliveryBody): { text: string; blocks: unknown[] } {
  const l = linesOf(body);
  const fields = [
    { type: 'mrkdwn', text: `*Task*\n${l.task}` },
    ...(l.run ? [{ type: 'mrkdwn', text: `*Run*\n${l.link && body.data.run ? `<${l.link}|${l.run}>` : l.run}` }] : []),
  ];
  return {
    text: `${l.headline}: ${l.task}: ${l.reason}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `${l.headline.replace(/^:[a-z_]+: /, '')}: ${l.task}` } },
      { type: 'section', text: { type: 'mrkdwn', text: l.reason || ' ' }, fields },
      ...(l.error ? [{ type: 'section', text: { type: 'mrkdwn', text: `*Error*\n\`\`\`${l.error.slice(0, 2000)}\`\`\`` } }] : []),
      ...(l.link ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `<${l.link}|Open in Cronboard>` }] }] : []),
    ],
  };
}

/** Sends the alert as a plain-text email over SMTP_URL; never throws (a failure is in the result, and retried). */
export async function sendAlertEmail(options: { smtpUrl: string | undefined; from: string | undefined; to: string; body: DeliveryBody; timeoutMs?: number }): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (!options.smtpUrl) return { statusCode: null, durationMs: 0, response: null, error: 'SMTP_URL is not set: cannot send alert emails' };
  const l = linesOf(options.body);
  const text = [`${l.headline.replace(/^:[a-z_]+: /, '')}: ${l.task}`, '', l.reason, l.run ? `Run: ${l.run}` : null, l.error ? `Error: ${l.error}` : null, l.link ? `\n${l.link}` : null]
    .filter((line) => line !== null)
    .join('\n');
  try {
    // nodemailer (435 KB) is loaded by the first email, not by every worker's start (issue 16).
    // CommonJS: a bundle's dynamic import gives it as the default export only.
    const nodemailer = (await import('nodemailer')) as typeof Nodemailer & { default?: typeof Nodemailer };
    const { createTransport } = nodemailer.default ?? nodemailer;
    const url = new URL(options.smtpUrl);
    const timeout = options.timeoutMs ?? 10_000;
    const secure = url.protocol === 'smtps:';
    const transport = createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
      // A local relay (the tests, an on-premise server) may have a self-signed certificate for STARTTLS.
      tls: { rejectUnauthorized: url.searchParams.get('tls') !== 'insecure' },
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    const info = await transport.sendMail({
      from: options.from ?? 'Cronboard <cronboard@localhost>',
      to: options.to,
      subject: `[Cronboard] ${l.headline.replace(/^:[a-z_]+: /, '')}: ${l.task}`,
      text,
      headers: { 'X-Cronboard-Event': String(options.body.data.event.id) },
    });
    transport.close();
    return { statusCode: null, ok: true, durationMs: elapsed(), response: String(info.response ?? '').slice(0, 4096), error: null };
  } catch (err) {
    return { statusCode: null, durationMs: elapsed(), response: null, error: `email: ${err instanceof Error ? err.message : String(err)}` };
  }
}
