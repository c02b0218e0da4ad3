import { z } from 'zod';
import '../lib/zod-messages';
import { trustProxySchema } from './trust-proxy';
import { parseSecretKey } from '../secrets/crypto';

// One schema for every process (web, worker, CLI). Keys are the camelCase names
// used in cronboard.yaml; ENV_KEYS maps each to its environment variable.
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const BOOLEAN_WORDS = [...TRUE_WORDS, '0', 'false', 'no', 'off'];
// Booleans come as strings from the environment and as booleans from YAML.
const booleanish = z
  .preprocess((v) => (typeof v === 'boolean' ? String(v) : v), z.string({ error: 'must be true or false' }))
  .transform((v) => v.trim().toLowerCase())
  .refine((v) => BOOLEAN_WORDS.includes(v), { error: 'must be true or false (also accepted: 1/0, yes/no, on/off)' })
  .transform((v) => TRUE_WORDS.includes(v));

const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { error: (issue) => `unknown timezone '${String(issue.input)}' (use an IANA name such as Europe/Paris or UTC)` },
);

const databaseUrl = z
  .string()
  .trim()
  .refine((url) => /^(file:|postgres:\/\/|postgresql:\/\/)/.test(url), {
    error: 'must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL)',
  });

const pathList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(/[,:]/)).map((p) => p.trim()).filter(Boolean))
  .pipe(z.array(z.string().refine((p) => p.startsWith('/'), { error: 'each entry must be an absolute path' })));

// Environment variable names, as TASK_ENV_PASSTHROUGH lists them: `NAME`, or `PREFIX_*` for all that start so.
const envNameList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(/[\s,:]+/)).map((p) => p.trim()).filter(Boolean))
  .pipe(
    z.array(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*\*?$/, {
        error: (issue) => `'${String(issue.input)}' is not a variable name (letters, digits and _, optionally ending in * for a prefix)`,
      }),
    ),
  );

// A user or group: a name as in /etc/passwd, or a numeric id.
const accountName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/, { error: 'must be a user or group name (or a numeric id)' });

export const configSchema = z
  .object({
    databaseUrl: databaseUrl.optional(),
    timezone: timezone.default('UTC'),
    workerConcurrency: wholeNumber(1, 1000).default(4),
    pollIntervalMs: wholeNumber(50, 600_000).default(1000),
    defaultTimeoutSeconds: wholeNumber(1, 7 * 24 * 3600).default(3600),
    shutdownGraceSeconds: wholeNumber(0, 3600).default(30),
    // Case-insensitive: LOG_LEVEL=INFO as other tools write it.
    logLevel: z
      .preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }))
      .default('info'),
    logFile: z.string().trim().min(1).optional(),
    historyRetentionDays: wholeNumber(1, 3650).default(30),
    /** Retries and base retry delay of a new task that sets none. */
    defaultMaxRetries: wholeNumber(0, 100).default(0),
    defaultRetryDelaySeconds: wholeNumber(0, 86_400).default(30),
    jobsDir: z.string().trim().min(1).optional(),
    allowedWorkdirs: pathList.optional(),
    maxLogBytes: wholeNumber(1024, 1024 * 1024 * 1024).default(1024 * 1024),
    leaseSeconds: wholeNumber(5, 3600).default(30),
    apiRateLimitPerMinute: wholeNumber(1, 1_000_000).default(600),
    demo: booleanish.optional(),
    port: wholeNumber(1, 65535).default(3000),
    taskEnvPassthrough: envNameList.default([]),
    taskUser: accountName.optional(),
    taskGroup: accountName.optional(),
    trustProxy: trustProxySchema.default(null),
    secretKey: z
      .string()
      .refine((v) => parseSecretKey(v) !== null, {
        error: 'must be 32 bytes in base64 or hex (make one with `openssl rand -base64 32`)',
      })
      .optional(),
    // Prometheus metrics (server/metrics/): the web app's /api/metrics is off without a token; a worker serves /metrics on this port.
    metricsToken: z.string().trim().min(16, { error: 'must be at least 16 characters (make one with `openssl rand -hex 32`)' }).optional(),
    metricsPort: wholeNumber(1, 65535).optional(),
    metricsTaskLabel: booleanish.default(false),
    // Webhooks (server/webhooks/): run links in deliveries, private targets (on-premise), the first retry's delay.
    publicUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://cronboard.example.com' }).optional(),
    webhookAllowPrivate: booleanish.default(false),
    webhookRetryBaseMs: wholeNumber(1, 3_600_000).default(5_000),
    webhookTimeoutMs: wholeNumber(100, 60_000).default(10_000),
    // Alerts (server/alerts/): the email channel's SMTP server (smtp://user:pass@host:587, smtps://…) and sender.
    smtpUrl: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587' }).optional(),
    smtpFrom: z.string().trim().min(3).optional(),
    // Events older than this are pruned with the runs (worker/retention.ts).
    eventRetentionDays: wholeNumber(1, 3650).default(90),
  })
  .strict()
  .refine((c) => c.taskGroup === undefined || c.taskUser !== undefined, {
    path: ['taskGroup'],
    error: 'needs TASK_USER as well (tasks run as that user, in this group)',
  });

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;

/** Environment variable for each key. */
export const ENV_KEYS = {
  databaseUrl: 'DATABASE_URL',
  timezone: 'CRONBOARD_TIMEZONE',
  workerConcurrency: 'WORKER_CONCURRENCY',
  pollIntervalMs: 'POLL_INTERVAL_MS',
  defaultTimeoutSeconds: 'DEFAULT_TIMEOUT_SECONDS',
  shutdownGraceSeconds: 'SHUTDOWN_GRACE_SECONDS',
  logLevel: 'LOG_LEVEL',
  logFile: 'LOG_FILE',
  historyRetentionDays: 'HISTORY_RETENTION_DAYS',
  defaultMaxRetries: 'DEFAULT_MAX_RETRIES',
  defaultRetryDelaySeconds: 'DEFAULT_RETRY_DELAY_SECONDS',
  jobsDir: 'CRONBOARD_JOBS_DIR',
  allowedWorkdirs: 'ALLOWED_WORKDIRS',
  maxLogBytes: 'MAX_LOG_BYTES',
  leaseSeconds: 'LEASE_SECONDS',
  apiRateLimitPerMinute: 'API_RATE_LIMIT_PER_MINUTE',
  demo: 'CRONBOARD_DEMO',
  port: 'PORT',
  taskEnvPassthrough: 'TASK_ENV_PASSTHROUGH',
  taskUser: 'TASK_USER',
  taskGroup: 'TASK_GROUP',
  trustProxy: 'TRUST_PROXY',
  secretKey: 'CRONBOARD_SECRET_KEY',
  metricsToken: 'METRICS_TOKEN',
  metricsPort: 'METRICS_PORT',
  metricsTaskLabel: 'METRICS_TASK_LABEL',
  publicUrl: 'PUBLIC_URL',
  webhookAllowPrivate: 'WEBHOOK_ALLOW_PRIVATE',
  webhookRetryBaseMs: 'WEBHOOK_RETRY_BASE_MS',
  webhookTimeoutMs: 'WEBHOOK_TIMEOUT_MS',
  smtpUrl: 'SMTP_URL',
  smtpFrom: 'SMTP_FROM',
  eventRetentionDays: 'EVENT_RETENTION_DAYS',
} as const satisfies Record<keyof ConfigInput, string>;
