// "Another admin exists" is checked and acted on in one write transaction:
// two admins demoting (or disabling) each other at the same moment, from two
// web processes, leave exactly one active admin, and the loser is told why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from '../../server/auth/actor';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '../../server/db';
import { AppError } from '../../server/errors';
import { createUser } from '../../server/users/create-user';
import { setUserDisabled, setUserRole } from '../../server/users/update-user';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/test-db';

const provider = testProvider();
const ROUNDS = 3;

describe(`the last active admin on ${provider}`, () => {
  let testDb: TestDatabase;
  // PostgreSQL: two handles, like two web processes, each with its own pool.
  // SQLite: one handle serving both requests, like one web process (two
  // better-sqlite3 connections in one thread would block each other's event
  // loop on the busy timeout; separate processes are covered by the worker tests).
  let web1: DatabaseHandle;
  let web2: DatabaseHandle;
  let n = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await migrateDatabase({ url: testDb.url });
    web1 = await openDatabase(testDb.url);
    web2 = provider === 'postgresql' ? await openDatabase(testDb.url) : web1;
  });
  afterAll(async () => {
    await web1?.close();
    if (web2 !== web1) await web2?.close();
    await testDb?.drop();
  });
  /** Exactly two active admins (earlier rounds' survivors step down first). */
  const twoAdmins = async () => {
    await web1.db.user.updateMany({ where: { role: 'admin' }, data: { role: 'viewer' } });
    const make = (label: string) =>
      createUser({ db: web1.db, email: `admin${++n}-${label}@example.test`, password: 'correct horse battery', role: 'admin', actor: SYSTEM_ACTOR });
    const [a, b] = [await make('a'), await make('b')];
    const actorOf = (u: { id: string; email: string }): Actor => ({ type: 'user', id: u.id, name: u.email, role: 'admin' });
    return { a, b, actorOf };
  };
  const activeAdmins = () => web1.db.user.count({ where: { role: 'admin', disabledAt: null } });
  const expectOneRefusal = (results: PromiseSettledResult<unknown>[]) => {
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const reason = (refused[0] as PromiseRejectedResult).reason as unknown;
    expect(reason).toBeInstanceOf(AppError);
    expect(reason).toMatchObject({ code: 'CONFLICT', message: 'This is the last active admin; make someone else admin first.' });
  };

  it('two concurrent demotions of the last two admins leave one admin', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { a, b, actorOf } = await twoAdmins();
      const results = await Promise.allSettled([
        setUserRole({ db: web1.db, email: a.email, role: 'operator', actor: actorOf(b) }),
        setUserRole({ db: web2.db, email: b.email, role: 'operator', actor: actorOf(a) }),
      ]);
      expectOneRefusal(results);
      expect(await activeAdmins()).toBe(1);
      // The change that happened left exactly one event; the refused one none.
      const events = await web1.db.event.findMany({ where: { type: 'user.role_changed' } });
      const mine = events.filter((e) => [a.id, b.id].includes((e.payload as { userId: string }).userId));
      expect(mine).toHaveLength(1);
    }
  });

  it('a demotion and a disable racing on the last two admins leave one admin', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { a, b, actorOf } = await twoAdmins();
      const results = await Promise.allSettled([
        setUserDisabled({ db: web1.db, email: a.email, disabled: true, actor: actorOf(b) }),
        setUserRole({ db: web2.db, email: b.email, role: 'viewer', actor: actorOf(a) }),
      ]);
      expectOneRefusal(results);
      expect(await activeAdmins()).toBe(1);
    }
  });
});
