// The event catalogue (server/events/catalogue.ts) is the one list of event
// types: every type written anywhere in the tree is in it, every type has a
// sentence, and patterns (`run`, `run.*`, `*`) resolve through it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EVENT_FAMILIES,
  EVENT_FILTER_CHOICES,
  EVENT_TYPE_LIST,
  EVENT_TYPES,
  eventTypesMatching,
  isEventPattern,
  isEventType,
  type EventType,
} from '../../../server/events/catalogue';
import { describeEvent } from '../../../server/events/describe-event';

const root = join(__dirname, '..', '..', '..');
const SCANNED = ['server', 'worker', 'cli', 'app', 'components', 'scripts'];
const SKIP_DIRS = new Set(['node_modules', '.next', 'generated', 'dist']);
/** Strings shaped like an event type that are not one. */
const NOT_EVENTS = new Map([
  ['board.get', 'a tRPC procedure path'],
  ['board.move', 'a tRPC procedure path'],
  ['cronboard.claim_ids', 'a PostgreSQL transaction setting (the claim passes its locked ids through set_config)'],
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? SKIP_DIRS.has(entry.name)
        ? []
        : sourceFiles(join(dir, entry.name))
      : /\.(ts|tsx|mts|mjs)$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Quoted `family.name` literals (in code and in SQL strings) per file. */
function dottedLiterals(): { file: string; literal: string; writesEvents: boolean }[] {
  const out: { file: string; literal: string; writesEvents: boolean }[] = [];
  for (const file of SCANNED.flatMap((d) => sourceFiles(join(root, d)))) {
    const text = readFileSync(file, 'utf8');
    const writesEvents = /INSERT INTO "Event"|recordEvent\(|QueueEvent/.test(text);
    for (const m of text.matchAll(/['"`]([a-z]+\.[a-z_]+)['"`]/g))
      out.push({ file: relative(root, file), literal: m[1]!, writesEvents });
  }
  return out;
}

const row = (type: string, payload: unknown, over: Partial<Parameters<typeof describeEvent>[0]> = {}) =>
  describeEvent({ type, actorType: 'worker', actorName: 'w1', taskKey: 'backup', runId: 12, payload, ...over });

describe('the event catalogue', () => {
  it('holds every event type written anywhere in the tree', () => {
    const literals = dottedLiterals();
    // The scan sees the writers it guards (recordEvent calls and the SQL CTEs).
    expect(literals.some((l) => l.file.includes('claim-and-start-runs') && l.literal === 'run.started')).toBe(true);
    expect(literals.some((l) => l.file.includes('create-task') && l.literal === 'task.created')).toBe(true);
    const unknown = literals.filter(
      ({ literal, writesEvents }) =>
        !isEventType(literal) && !NOT_EVENTS.has(literal) && (writesEvents || literal.split('.')[0]! in EVENT_FAMILIES),
    );
    expect(unknown.map((l) => `${l.file}: '${l.literal}'`)).toEqual([]);
  });

  it('lists each type once, grouped by family, with a label', () => {
    expect(new Set(EVENT_TYPE_LIST).size).toBe(EVENT_TYPE_LIST.length);
    for (const type of EVENT_TYPE_LIST) {
      expect(type.startsWith(`${EVENT_TYPES[type].family}.`), type).toBe(true);
      expect(EVENT_TYPES[type].label.length, type).toBeGreaterThan(0);
    }
    const families = EVENT_TYPE_LIST.map((t) => EVENT_TYPES[t].family);
    expect(families).toEqual(
      [...families].sort((a, b) => Object.keys(EVENT_FAMILIES).indexOf(a) - Object.keys(EVENT_FAMILIES).indexOf(b)),
    );
  });

  it('resolves patterns: an exact type, a family (`run` or `run.*`), `*`; nothing for unknown ones', () => {
    const runTypes = EVENT_TYPE_LIST.filter((t) => t.startsWith('run.'));
    expect(runTypes).toContain('run.retry_scheduled');
    expect(eventTypesMatching('run')).toEqual(runTypes);
    expect(eventTypesMatching('run.*')).toEqual(runTypes);
    expect(eventTypesMatching('run.failed')).toEqual(['run.failed']);
    expect(eventTypesMatching('*')).toEqual(EVENT_TYPE_LIST);
    for (const bad of ['run.exploded', 'alarm', 'run.', '', 'toString', '__proto__']) {
      expect(eventTypesMatching(bad), bad).toEqual([]);
      expect(isEventPattern(bad), bad).toBe(false);
    }
  });

  it('gives the activity filter each family followed by its types', () => {
    expect(EVENT_FILTER_CHOICES.slice(0, 3)).toEqual(['run', 'run.queued', 'run.started']);
    expect(EVENT_FILTER_CHOICES.filter((c) => !c.includes('.'))).toEqual(Object.keys(EVENT_FAMILIES));
    expect(EVENT_FILTER_CHOICES.filter((c) => c.includes('.'))).toEqual(EVENT_TYPE_LIST);
  });
});

describe('describeEvent', () => {
  // One row per type: the sentence the activity feed shows for it.
  const cases: {
    [T in EventType]: [payload: unknown, sentence: string, actor?: { actorType: string; actorName: string | null }];
  } = {
    'run.queued': [
      { trigger: 'manual', retryOf: 9 },
      'ada queued run #12 of backup (retry of run #9)',
      { actorType: 'user', actorName: 'ada' },
    ],
    'run.started': [{ attempt: 1 }, 'worker w1 started run #12 of backup'],
    'run.succeeded': [{ attempt: 1, exitCode: 0, error: null, durationMs: 5 }, 'run #12 of backup succeeded (worker w1)'],
    'run.failed': [
      { attempt: 1, exitCode: 2, error: 'exit code 2', durationMs: 5 },
      'run #12 of backup failed: exit code 2 (worker w1)',
    ],
    'run.timed_out': [
      { attempt: 1, exitCode: null, error: 'timed out', durationMs: 5 },
      'run #12 of backup timed out (worker w1)',
    ],
    'run.cancelled': [{ was: 'queued' }, 'ada cancelled run #12 of backup', { actorType: 'user', actorName: 'ada' }],
    'run.skipped': [
      { trigger: 'schedule', scheduledFor: '2026-12-01T00:00:00.000Z' },
      'schedule skipped run #12 of backup',
      { actorType: 'schedule', actorName: 'schedule' },
    ],
    'run.retry_scheduled': [
      { retryOf: 11, attempt: 2, availableAt: '2026-12-01T00:00:00.000Z', delayMs: 1000 },
      'worker w1 scheduled run #12 of backup as a retry (attempt 2)',
    ],
    'task.created': [
      { name: 'Backup', schedule: 'daily', status: 'todo', source: 'ui' },
      'ada created backup',
      { actorType: 'user', actorName: 'ada' },
    ],
    'task.updated': [
      { changed: ['command'], version: 2 },
      'token deploy updated backup',
      { actorType: 'token', actorName: 'deploy' },
    ],
    'task.moved': [{ from: 'todo', to: 'in_review', reason: 'run succeeded' }, 'worker w1 moved backup to In review'],
    'task.paused': [{ version: 3 }, 'ada paused backup', { actorType: 'user', actorName: 'ada' }],
    'task.resumed': [{ version: 4, nextRunAt: null }, 'ada resumed backup', { actorType: 'user', actorName: 'ada' }],
    'task.deleted': [{ name: 'Backup', runs: 3 }, 'ada deleted backup', { actorType: 'user', actorName: 'ada' }],
    'task.detached': [
      { file: 'jobs/backup.yaml', version: 3 },
      'ada detached backup from jobs/backup.yaml',
      { actorType: 'user', actorName: 'ada' },
    ],
    'task.chain_stopped': [
      { eventId: 40, eventType: 'x.done', depth: 17, limit: 16, loop: ['backup', 'report', 'backup'] },
      'backup was not started: a chain of event-triggered runs 17 deep (loop: backup → report → backup)',
    ],
    'worker.started': [{ host: 'h', pid: 1, concurrency: 4, version: '1' }, 'worker w1 started'],
    'worker.stopped': [{ reason: 'shutdown' }, 'worker w1 stopped'],
    'worker.lost': [{ workerId: 'x', name: 'w2' }, 'worker w1 marked worker w2 as lost'],
    'user.created': [
      { userId: 'u', email: 'bob@example.test', role: 'operator', firstAdmin: false },
      'ada created user bob@example.test (operator)',
      { actorType: 'user', actorName: 'ada' },
    ],
    'user.role_changed': [
      { userId: 'u', email: 'bob@example.test', from: 'operator', to: 'admin' },
      'ada made bob@example.test admin',
      { actorType: 'user', actorName: 'ada' },
    ],
    'user.disabled': [
      { userId: 'u', email: 'bob@example.test' },
      'cli disabled bob@example.test',
      { actorType: 'cli', actorName: 'cli' },
    ],
    'user.enabled': [
      { userId: 'u', email: 'bob@example.test' },
      'ada enabled bob@example.test',
      { actorType: 'user', actorName: 'ada' },
    ],
    'user.login': [{ ip: '10.0.0.1' }, 'ada signed in', { actorType: 'user', actorName: 'ada' }],
    'user.token_created': [
      { tokenId: 't', name: 'deploy', user: 'bob@example.test' },
      'ada created the API token “deploy” for bob@example.test',
      { actorType: 'user', actorName: 'ada' },
    ],
    'user.token_revoked': [
      { tokenId: 't', name: 'deploy', user: 'bob@example.test' },
      'ada revoked the API token “deploy” of bob@example.test',
      { actorType: 'user', actorName: 'ada' },
    ],
    'board.wip_limit_set': [
      { status: 'in_progress', column: 'In progress', wipLimit: 3 },
      'ada set the WIP limit of In progress to 3',
      { actorType: 'user', actorName: 'ada' },
    ],
    'jobs.sync_failed': [
      { folder: 'jobs', problems: ['jobs/a.yaml:3:12: schedule: minute: 61 is out of range 0-59'] },
      'worker w1 could not apply 1 problem(s) in jobs: jobs/a.yaml:3:12: schedule: minute: 61 is out of range 0-59',
    ],
    'webhook.test': [{ endpointId: 'e1', url: 'https://hooks.example.com/in' }, 'worker w1 sent a test event to https://hooks.example.com/in'],
    'webhook.disabled': [
      { endpointId: 'e1', url: 'https://hooks.example.com/in', reason: 'every delivery has failed for 24 h (last: answered 500)' },
      'worker w1 disabled the webhook endpoint https://hooks.example.com/in: every delivery has failed for 24 h (last: answered 500)',
    ],
    'scheduler.paused': [{ since: '2026-12-02T10:02:00.000Z', by: 'ada' }, 'ada paused the scheduler: scheduled runs are not being created', { actorType: 'user', actorName: 'ada' }],
    'scheduler.resumed': [{ pausedSince: null, pausedBy: null }, 'token deploy resumed the scheduler', { actorType: 'token', actorName: 'deploy' }],
    'alert.opened': [{ ruleId: 'r1', incidentId: 1, kind: 'failures', reason: 'run #12 failed: exit code 1' }, 'Alert on backup: run #12 failed: exit code 1'],
    'alert.reminder': [{ ruleId: 'r1', incidentId: 1, kind: 'failures', reason: 'run #12 failed' }, 'Still alerting on backup: run #12 failed'],
    'alert.resolved': [{ ruleId: 'r1', incidentId: 1, kind: 'failures', reason: 'run #12 failed', by: 'run #13 succeeded' }, 'Alert on backup resolved (run #13 succeeded)'],
  };

  it.each(EVENT_TYPE_LIST)('%s has its sentence', (type) => {
    const [payload, sentence, actor] = cases[type];
    expect(row(type, payload, actor)).toBe(sentence);
  });

  it('keeps the variants the feed already showed', () => {
    expect(row('run.queued', { requeued: true, reason: 'shutdown' })).toBe('worker w1 put run #12 of backup back in the queue');
    expect(row('run.queued', { trigger: 'manual' }, { runId: null, taskKey: null })).toBe(
      'worker w1 queued a run of a deleted task',
    );
    expect(row('run.failed', { error: '' })).toBe('run #12 of backup failed (worker w1)');
    expect(row('task.moved', { from: 'todo', to: 'somewhere' })).toBe('worker w1 moved backup to somewhere');
    expect(row('worker.lost', {})).toBe('worker w1 marked worker as lost');
    expect(row('board.wip_limit_set', { status: 'todo', wipLimit: null }, { actorType: 'user', actorName: 'ada' })).toBe(
      'ada removed the WIP limit of Todo',
    );
  });

  it('reads a payload from the database defensively (wrong types, null, not an object)', () => {
    for (const type of EVENT_TYPE_LIST) {
      for (const payload of [null, 'text', 42, { error: 7, attempt: 'two', to: 5, email: null, wipLimit: 'x' }]) {
        const sentence = row(type, payload);
        expect(sentence, `${type} ${JSON.stringify(payload)}`).not.toMatch(/undefined|null|\[object|NaN/);
      }
    }
  });

  it('a type the catalogue does not know still gets a line', () => {
    expect(row('alert.fired', {})).toBe('worker w1: alert.fired on backup (run #12)');
  });
});
