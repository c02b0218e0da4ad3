// The command palette's search (issue 15 item 6): a task by name or key in any
// case, best matches first, and a run by its id however it is typed.
import { beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../server/auth/actor';
import { queueRuns } from '../../server/queue/queue-runs';
import { findAnything } from '../../server/search/find-anything';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeTask } from './helpers/worker-harness';

describe(`palette search on ${testProvider()}`, () => {
  const t = useTestDatabase();
  beforeEach(() => t.reset());

  it('finds tasks by name or key, case-insensitively, the closest first', async () => {
    await makeTask(t.db, { key: 'db-backup', name: 'Nightly Backup' });
    await makeTask(t.db, { key: 'backup', name: 'Backup of photos' });
    await makeTask(t.db, { key: 'report', name: 'Weekly report' });
    const found = await findAnything({ db: t.db, q: 'BACKUP' });
    expect(found.tasks.map((x) => x.key)).toEqual(['backup', 'db-backup']);
    expect((await findAnything({ db: t.db, q: 'week' })).tasks.map((x) => x.name)).toEqual(['Weekly report']);
    expect((await findAnything({ db: t.db, q: 'nothing like it' })).tasks).toEqual([]);
  });

  it('finds a run by id as 41, #41 or run 41', async () => {
    const task = await makeTask(t.db, { key: 'job', name: 'The job' });
    const [id] = await queueRuns({ db: t.db, task: { id: task.id }, trigger: 'manual', actor: SYSTEM_ACTOR });
    for (const q of [`${id}`, `#${id}`, `run ${id}`]) {
      expect((await findAnything({ db: t.db, q })).runs, q).toEqual([expect.objectContaining({ id, taskKey: 'job', taskName: 'The job', status: 'queued' })]);
    }
    expect((await findAnything({ db: t.db, q: '999999' })).runs).toEqual([]);
  });
});
