import { checkDatabaseFile, providerOf, type DatabaseHandle } from '../db';
import { writeTransaction } from '../db/write-transaction';

/** The write probe gives up after this long (health is polled; a hung database must answer 503, not hang). */
export const WRITE_PROBE_TIMEOUT_MS = 2_000;

export type DatabaseCheckCode = 'write_failed' | 'write_timeout' | 'file_deleted' | 'file_replaced';
export type DatabaseCheck = { ok: true } | { ok: false; code: DatabaseCheckCode; reason: string };

// One probe at a time per client: many pollers share the one in flight.
const inFlight = new WeakMap<object, Promise<DatabaseCheck>>();

/**
 * Can this process write to its database? A no-op write transaction through
 * the process's own client (so a wedged connection shows), bounded in time,
 * then (SQLite) whether the file it holds is still the one at the path.
 *
 * The write really writes: SQLite rewrites `user_version` with its own value
 * (a page goes to the WAL at COMMIT, so a full disk or read-only file fails it;
 * a write that changed nothing would commit without touching the disk);
 * PostgreSQL runs an UPDATE matching no row (refused when the server or the
 * session is read-only) and assigns a transaction id (its COMMIT writes to the WAL).
 */
export function probeDatabase(handle: DatabaseHandle): Promise<DatabaseCheck> {
  let probe = inFlight.get(handle.db);
  if (!probe) {
    probe = runProbe(handle).finally(() => inFlight.delete(handle.db));
    inFlight.set(handle.db, probe);
  }
  return probe;
}

async function runProbe(handle: DatabaseHandle): Promise<DatabaseCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DatabaseCheck>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          code: 'write_timeout',
          reason: `a write to the database did not finish within ${WRITE_PROBE_TIMEOUT_MS / 1000} s`,
        }),
      WRITE_PROBE_TIMEOUT_MS,
    );
  });
  const write = noOpWrite(handle).then(
    (): DatabaseCheck => checkFile(handle),
    (error: unknown): DatabaseCheck => ({
      ok: false,
      code: 'write_failed',
      reason: `cannot write to the database: ${databaseMessage(error)}`,
    }),
  );
  try {
    return await Promise.race([write, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function noOpWrite(handle: DatabaseHandle): Promise<void> {
  const sqlite = providerOf(handle.db) === 'sqlite';
  await writeTransaction(
    handle.db,
    async (tx) => {
      if (sqlite) {
        const [row] = await tx.$queryRawUnsafe<{ user_version: bigint | number }[]>('PRAGMA user_version');
        await tx.$executeRawUnsafe(`PRAGMA user_version = ${Number(row?.user_version ?? 0)}`);
      } else {
        // Refused by a read-only server or transaction even though it matches no row; the
        // transaction id makes the COMMIT write a WAL record.
        await tx.$executeRawUnsafe('UPDATE "Setting" SET "key" = "key" WHERE false');
        await tx.$queryRawUnsafe('SELECT txid_current()::text');
      }
    },
    { maxWait: WRITE_PROBE_TIMEOUT_MS, timeout: WRITE_PROBE_TIMEOUT_MS },
  );
}

function checkFile(handle: DatabaseHandle): DatabaseCheck {
  const problem = checkDatabaseFile(handle);
  return problem ? { ok: false, ...problem } : { ok: true };
}

/** Prisma's messages start with the call site; the database's own words are the last line. */
function databaseMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.at(-1) ?? 'unknown error').slice(0, 200);
}
