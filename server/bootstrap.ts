import { getConfig, type Config } from './config';
import { assertDatabaseExists, ensureSchema, getDatabase, type DatabaseHandle } from './db';
import { schemaIsCurrent } from './db/schema-version';
import { createLogger, type Logger } from './lib/logger';
import { secretKeyOf } from './secrets/crypto';
import { requireSecretKeyForStoredSecrets } from './secrets/require-key';

export interface Started {
  config: Config;
  handle: DatabaseHandle;
  logger: Logger;
}

const store = globalThis as unknown as { __cronboardStart?: Map<string, Promise<Started>> };

/**
 * Start-up shared by web, worker and CLI: validate configuration (throws
 * INVALID_CONFIG naming the key), bring the schema up to date, open the
 * database, refuse stored secrets without CRONBOARD_SECRET_KEY, encrypt values
 * saved before secrets existed (web and worker), and seed the demo tasks on
 * first start when enabled. Web and
 * worker create a missing SQLite database; the CLI ('cli') refuses to, so a
 * mistyped DATABASE_URL or a deleted file never becomes a new empty database
 * (`cronboard db migrate` creates one on purpose).
 */
export function bootstrap(processName: string, options: { seed?: boolean; logger?: Logger } = {}): Promise<Started> {
  store.__cronboardStart ??= new Map();
  let started = store.__cronboardStart.get(processName);
  if (!started) {
    started = (async () => {
      const config = getConfig();
      const logger =
        options.logger ??
        createLogger({ name: processName, level: config.logLevel, file: config.logFile, stream: processName === 'cli' ? 'stderr' : 'stdout' });
      let handle: DatabaseHandle;
      if (processName !== 'web') {
        // A CLI call and a worker's start read the schema version over their
        // own connection and migrate only when something is pending (the full
        // check loads the migrator and costs a second connection and the write
        // lock). The web app's start runs the full check, which also verifies
        // the checksums of the migrations already applied.
        if (processName === 'cli') assertDatabaseExists(config.databaseUrl);
        handle = await getDatabase();
        if (!(await schemaIsCurrent(handle.db, handle.provider).catch(() => false))) await ensureSchema(logger, config.databaseUrl);
      } else {
        await ensureSchema(logger, config.databaseUrl);
        handle = await getDatabase();
      }
      await requireSecretKeyForStoredSecrets({ db: handle.db, secretKey: config.secretKey });
      // Once per database, so web and worker do it at their start; a CLI call
      // would pay a query (~30 ms of Prisma's compiler) for a marker already set.
      // This and the demo seed are imported only when used: a CLI call loads
      // neither (seeding pulls in task creation and the queue).
      if (processName !== 'cli') {
        const { encryptPlainSecrets } = await import('./secrets/encrypt-plain-secrets');
        await encryptPlainSecrets({ db: handle.db, key: secretKeyOf(config), logger });
      }
      if (options.seed !== false && config.demo) {
        const { seedDemo } = await import('./demo/seed-demo');
        await seedDemo({ db: handle.db, timezone: config.timezone, port: config.port, logger });
      }
      return { config, handle, logger };
    })();
    started.catch(() => store.__cronboardStart?.delete(processName));
    store.__cronboardStart.set(processName, started);
  }
  return started;
}
