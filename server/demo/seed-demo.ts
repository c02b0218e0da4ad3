import type { Db } from '../db';
import type { Logger } from '../lib/logger';
import { SYSTEM_ACTOR } from '../auth/actor';
import { createTask } from '../tasks/create-task';
import { seedDemoHistory } from './demo-history';
import type { TaskInput } from '../tasks/schemas';

/** Marker row: the demo is seeded once per database, even if its tasks are later deleted. */
const SEEDED_KEY = 'demo.seededAt';

/**
 * Realistic, harmless tasks across the columns (echo, sleep, a localhost
 * health check): a believable morning with demoHistory's past runs: a few
 * successes, one failing task with a real stderr, one running, one upcoming.
 */
export function demoTasks(port = 3000): TaskInput[] {
  return [
    {
      key: 'nightly-backup',
      name: 'Nightly backup',
      description: 'Dumps the database to `./data/backups` and keeps the last 7 copies.\n\n*Demo task: it only echoes.*',
      kind: 'shell',
      command: 'echo "backing up database"; sleep 2; echo "backup complete: 42 MB"',
      schedule: '0 2 * * *',
      priority: 'high',
      maxRetries: 2,
      labels: ['ops', 'backup'],
      assignee: 'ops team',
      status: 'todo',
    },
    {
      key: 'health-check',
      name: 'Health check',
      description: "Calls this Cronboard's own health endpoint every 5 minutes.",
      kind: 'http',
      httpMethod: 'GET',
      httpUrl: `http://localhost:${port}/api/health`,
      schedule: '*/5 * * * *',
      priority: 'urgent',
      timeoutSeconds: 10,
      labels: ['monitoring'],
      status: 'todo',
    },
    {
      key: 'weekly-report',
      name: 'Weekly report',
      description: 'Builds the weekly usage report every Monday at 09:00.',
      kind: 'handler',
      handler: 'noop',
      payload: { report: 'weekly-usage', recipients: ['team@example.com'] },
      schedule: 'monday at 09:00',
      priority: 'medium',
      labels: ['reports'],
      assignee: 'alice',
      status: 'todo',
    },
    {
      key: 'migrate-user-avatars',
      name: 'Migrate user avatars',
      description: 'One-time move of avatars to the new storage bucket.',
      kind: 'shell',
      command: 'echo "migrating avatars"; sleep 1; echo "done: 1,204 files"',
      // Ran three days ago (see demoHistory) and was filed under Done by a person.
      schedule: new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 14) + '00:00Z',
      priority: 'low',
      labels: ['migration'],
      status: 'done',
    },
    {
      key: 'sync-invoices',
      name: 'Sync invoices',
      description:
        'Pulls yesterday’s invoices from the billing service every hour.\n\n*Demo task: it fails on purpose (the billing host does not exist), so you can see what a failing task looks like.*',
      kind: 'shell',
      command:
        'echo "fetching invoices from https://billing.example.invalid/api/invoices"; echo "error: could not resolve host billing.example.invalid" >&2; echo "sync aborted after 0 of 312 invoices" >&2; exit 6',
      schedule: '0 * * * *',
      priority: 'high',
      maxRetries: 1,
      retryDelaySeconds: 60,
      labels: ['billing'],
      assignee: 'bob',
      status: 'in_review',
    },
    {
      key: 'reindex-search',
      name: 'Reindex search',
      description: 'Rebuilds the search index in 120 batches. Queued to run when the demo starts, so a card is running.',
      kind: 'shell',
      command: 'for i in $(seq 1 120); do echo "indexed batch $i/120"; sleep 1; done; echo "index rebuilt: 48,311 documents"',
      schedule: 'manual',
      priority: 'medium',
      labels: ['search'],
      status: 'in_progress',
    },
    {
      key: 'rotate-api-keys',
      name: 'Rotate API keys',
      description: 'Run by hand when a key may have leaked.',
      kind: 'shell',
      command: 'echo "rotating keys"',
      schedule: 'manual',
      priority: 'high',
      labels: ['security'],
      status: 'todo',
    },
    {
      key: 'cleanup-temp-files',
      name: 'Clean up temp files',
      description: 'Retired: the new storage cleans up by itself.',
      kind: 'shell',
      command: 'find /tmp -name "cronboard-*" -mtime +7 -print',
      schedule: 'daily at 03:30',
      priority: 'low',
      labels: ['ops'],
      status: 'cancelled',
    },
  ];
}

export interface SeedDemoOptions {
  db: Db;
  timezone: string;
  /** The web app's port, for the health-check demo task. */
  port?: number;
  logger?: Logger;
  /** Seed even if tasks exist or the demo was seeded before (npm run seed). */
  force?: boolean;
}

/**
 * Seeds the demo tasks when the database has no tasks and was never seeded.
 * Web and worker may start together: the marker row's primary key makes sure
 * only one of them seeds.
 */
export async function seedDemo(options: SeedDemoOptions): Promise<number> {
  const { db } = options;
  if (!options.force) {
    if ((await db.task.count()) > 0) return 0;
    try {
      await db.setting.create({ data: { key: SEEDED_KEY, value: new Date().toISOString() } });
    } catch {
      return 0; // already seeded, possibly by the other process a moment ago
    }
  }
  let created = 0;
  const now = new Date();
  for (const input of demoTasks(options.port)) {
    if (options.force && (await db.task.findUnique({ where: { key: input.key }, select: { id: true } }))) continue;
    const task = await createTask({ db, input, actor: SYSTEM_ACTOR, source: 'demo', defaultTimezone: options.timezone });
    await seedDemoHistory(db, task, now);
    created += 1;
  }
  options.logger?.info({ created }, `seeded ${created} demo task(s)`);
  return created;
}
