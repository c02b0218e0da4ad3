/**
 * The one way an integration test file gets its database. Use it instead of
 * writing createTestDatabase → migrateDatabase → openDatabase / close → drop by hand:
 *
 *   describe(`my feature on ${testProvider()}`, () => {
 *     const t = useTestDatabase();                // registers beforeAll / afterAll
 *     beforeEach(() => t.reset(['run', 'task']));  // optional: empty tables between tests
 *     it('…', async () => { await t.db.task.findMany(); });
 *   });
 *
 * It makes a brand-new database for the provider under test (CRONBOARD_TEST_PROVIDER),
 * migrates it and opens it before the first test, and closes and drops it after the
 * last. `t.db`, `t.url` and `t.handle` are readable from hooks and tests (not at
 * collection time, when the database does not exist yet).
 *
 * `{ app: true }` is for code that reads the process-wide database and configuration
 * (route handlers, createContext, getDb): it points DATABASE_URL (plus `env`) at the
 * test database for the file and restores the environment afterwards. It also
 * points CRONBOARD_CONFIG at a configuration file of the test's own (`demo:
 * false`, unless `env` names another), so no cronboard.yaml in the working
 * directory applies.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { resetConfigForTests } from '../../../server/config';
import {
  closeDatabase,
  getDatabase,
  migrateDatabase,
  openDatabase,
  type DatabaseHandle,
  type Db,
  type Provider,
} from '../../../server/db';
import { createTestDatabase, type TestDatabase } from './test-db';

/** Models a test may empty between tests, deleted in the order given. */
export type ResettableModel = 'run' | 'runLog' | 'event' | 'task' | 'boardColumn' | 'worker' | 'user' | 'session' | 'apiToken';

export interface TestDatabaseFixture {
  readonly provider: Provider;
  readonly url: string;
  readonly handle: DatabaseHandle;
  readonly db: Db;
  /** Deletes every row of these models, in this order (default: runs, tasks, events, board columns). */
  reset(models?: ResettableModel[]): Promise<void>;
}

export interface UseTestDatabaseOptions {
  /** Also make it the process's database (getDb, route handlers): sets DATABASE_URL and `env`, restored after. */
  app?: boolean;
  /** Extra environment for `app` mode (CRONBOARD_DEMO=false and LOG_LEVEL=silent are set already). */
  env?: Record<string, string>;
}

const DEFAULT_RESET: ResettableModel[] = ['run', 'task', 'event', 'boardColumn'];

export function useTestDatabase(options: UseTestDatabaseOptions = {}): TestDatabaseFixture {
  let testDb: TestDatabase | undefined;
  let handle: DatabaseHandle | undefined;
  let savedEnv: NodeJS.ProcessEnv | undefined;
  let configDir: string | undefined;

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`useTestDatabase: ${what} is only available inside hooks and tests, after beforeAll`);
    return value;
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await migrateDatabase({ url: testDb.url });
    if (options.app) {
      savedEnv = { ...process.env };
      configDir = mkdtempSync(join(tmpdir(), 'cronboard-test-config-'));
      writeFileSync(join(configDir, 'cronboard.yaml'), 'demo: false\n');
      Object.assign(process.env, {
        DATABASE_URL: testDb.url,
        CRONBOARD_DEMO: 'false',
        LOG_LEVEL: 'silent',
        CRONBOARD_CONFIG: join(configDir, 'cronboard.yaml'),
        ...options.env,
      });
      resetConfigForTests();
      handle = await getDatabase();
    } else {
      handle = await openDatabase(testDb.url);
    }
  });

  afterAll(async () => {
    if (options.app) {
      await closeDatabase();
      // The start-up promise (server/bootstrap.ts) of a route that bootstrapped against this database.
      delete (globalThis as { __cronboardStart?: unknown }).__cronboardStart;
      if (savedEnv) process.env = savedEnv;
      resetConfigForTests();
      if (configDir) rmSync(configDir, { recursive: true, force: true });
    } else {
      await handle?.close();
    }
    handle = undefined;
    await testDb?.drop();
  });

  return {
    get provider() {
      return ready(testDb, 'the database').provider;
    },
    get url() {
      return ready(testDb, 'the database URL').url;
    },
    get handle() {
      return ready(handle, 'the database handle');
    },
    get db() {
      return ready(handle, 'the database').db;
    },
    async reset(models = DEFAULT_RESET) {
      const db = ready(handle, 'the database').db;
      for (const model of models) await (db[model] as { deleteMany(args: object): Promise<unknown> }).deleteMany({});
    },
  };
}
