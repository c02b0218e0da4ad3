// What triggers what (server/triggers/list-task-chain.ts) and the "Run after"
// picker's save path: the task form's tasks.update with the schedule the picker
// writes (`on: run.succeeded of KEY`), versioned, with the editor role; a cycle
// through that path is refused with the path on the schedule field. And the
// board card's chain mark. Both databases.
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { AppError } from '../../server/errors';
import { createLogger } from '../../server/lib/logger';
import { chainSchedule } from '../../server/schedules/parse-on';
import { getBoard } from '../../server/board/get-board';
import { createCallerFactory } from '../../server/trpc/init';
import { appRouter } from '../../server/trpc/routers/_app';
import { listTaskChain } from '../../server/triggers/list-task-chain';
import { userActor } from './helpers/actors';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeTask } from './helpers/worker-harness';

describe(`task chains on ${testProvider()}`, () => {
  const t = useTestDatabase();
  const logger = createLogger({ name: 'test', level: 'silent' });
  beforeEach(() => t.reset(['run', 'task', 'event']));
  const caller = (role: 'viewer' | 'operator' | 'editor') => {
    const config = { ...loadConfig({ env: { DATABASE_URL: t.url } }), timezone: 'UTC' };
    return createCallerFactory(appRouter)({ actor: userActor(role), headers: new Headers(), app: async () => ({ config, handle: t.handle, logger }) });
  };
  /** What the form sends when the picker says "Run after KEY when it OUTCOME". */
  const runAfter = async (role: 'operator' | 'editor', key: string, schedule: string) => {
    const detail = await caller('viewer').tasks.detail({ key });
    return caller(role).tasks.update({ key, expectedVersion: detail.version, input: { ...detail.input, schedule } });
  };

  it('lists what triggers a task and what it triggers, by the schedule column', async () => {
    await makeTask(t.db, { key: 'nightly-backup', name: 'Nightly backup' });
    await makeTask(t.db, { key: 'report-mail', name: 'Report mail', schedule: 'on: run.succeeded of nightly-backup' });
    await makeTask(t.db, { key: 'page-oncall', name: 'Page on-call', schedule: 'on: run.failed of nightly-backup' });
    // Names the key only inside a longer key, or as an event pattern: not a dependent.
    await makeTask(t.db, { key: 'nightly-backup-2', schedule: 'on: run.finished of nightly-backup-23' });
    await makeTask(t.db, { key: 'on-mail', schedule: 'on: nightly-backup.done' });
    await makeTask(t.db, { key: 'orphan', schedule: 'on: run.finished of not-yet' });

    expect(await listTaskChain({ db: t.db, key: 'nightly-backup' })).toEqual({
      triggeredBy: null,
      triggers: [
        { key: 'page-oncall', name: 'Page on-call', outcome: 'failed' },
        { key: 'report-mail', name: 'Report mail', outcome: 'succeeded' },
      ],
    });
    expect(await listTaskChain({ db: t.db, key: 'report-mail' })).toEqual({
      triggeredBy: { kind: 'task', key: 'nightly-backup', name: 'Nightly backup', outcome: 'succeeded' },
      triggers: [],
    });
    expect((await listTaskChain({ db: t.db, key: 'on-mail' })).triggeredBy).toEqual({ kind: 'event', pattern: 'nightly-backup.done' });
    expect((await listTaskChain({ db: t.db, key: 'orphan' })).triggeredBy).toEqual({ kind: 'task', key: 'not-yet', name: null, outcome: 'finished' });
    await expect(caller('viewer').tasks.chain({ key: 'missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('saves "Run after" through the form path (editor only, versioned), removes it again, and refuses a cycle naming the path', async () => {
    await makeTask(t.db, { key: 'a', name: 'Task A' });
    await makeTask(t.db, { key: 'b', name: 'Task B', schedule: 'daily at 02:00' });

    await expect(runAfter('operator', 'b', chainSchedule('succeeded', 'a'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const saved = await runAfter('editor', 'b', chainSchedule('succeeded', 'a'));
    expect(saved).toMatchObject({ schedule: 'on: run.succeeded of a', nextRunAt: null });
    expect((await caller('viewer').tasks.chain({ key: 'a' })).triggers).toEqual([{ key: 'b', name: 'Task B', outcome: 'succeeded' }]);
    // A stale version (someone saved meanwhile) is refused.
    await expect(caller('editor').tasks.update({ key: 'b', expectedVersion: saved.version - 1, input: (await caller('viewer').tasks.detail({ key: 'b' })).input })).rejects.toMatchObject({ code: 'CONFLICT' });

    const cycle = await runAfter('editor', 'a', chainSchedule('finished', 'b')).then(
      () => null,
      (e: { cause?: unknown }) => e.cause,
    );
    expect(cycle).toBeInstanceOf(AppError);
    expect((cycle as AppError).message).toMatch(/^cycle: a → b → a/);
    expect((cycle as AppError).issues.map((i) => i.path)).toEqual(['schedule']);
    expect((cycle as AppError).issues[0]?.message).toMatch(/^cycle: a → b → a/);
    expect((await t.db.task.findUniqueOrThrow({ where: { key: 'a' } })).schedule).toBe('manual');

    // Removing the trigger: back to a time schedule, and A triggers nothing.
    const back = await runAfter('editor', 'b', 'daily at 02:00');
    expect(back.nextRunAt).not.toBeNull();
    expect(await listTaskChain({ db: t.db, key: 'a' })).toEqual({ triggeredBy: null, triggers: [] });
  });

  it('marks board cards in a chain, with one label per card', async () => {
    await makeTask(t.db, { key: 'nightly-backup' });
    await makeTask(t.db, { key: 'report-mail', schedule: 'on: run.succeeded of nightly-backup' });
    await makeTask(t.db, { key: 'archive', schedule: 'on: run.finished of report-mail' });
    await makeTask(t.db, { key: 'on-mail', schedule: 'on: email.*' });
    await makeTask(t.db, { key: 'plain' });
    const marks = Object.fromEntries((await getBoard({ db: t.db })).tasks.map((card) => [card.key, card.chain]));
    expect(marks).toEqual({
      'nightly-backup': 'Starts report-mail',
      'report-mail': 'Runs after nightly-backup; Starts archive',
      archive: 'Runs after report-mail',
      'on-mail': 'Runs when email.* is published',
      plain: undefined,
    });
  });
});
