// The start-up check of a CLI call and a worker: is every migration this code
// knows already applied? One read of the migrations table over the connection
// the process uses anyway (queryRows: no Prisma query compiler), and a directory
// listing; no lock, no second connection, no file reads, no migrator loaded.
// When it says no (a new database, a pending migration, no table yet), the
// caller runs the full migration (migrate.ts), which also verifies the
// checksums of applied migrations; the web app always runs that one.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './client';
import { queryRows } from './query-rows';
import { MIGRATIONS_TABLE, migrationsDirFor } from './migrate';
import type { Provider } from './url';

export async function schemaIsCurrent(db: Db, provider: Provider, migrationsDir = migrationsDirFor(provider)): Promise<boolean> {
  if (!existsSync(migrationsDir)) return false;
  const known = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(migrationsDir, e.name, 'migration.sql')))
    .map((e) => e.name);
  let applied: Set<string>;
  try {
    const rows = await queryRows<{ name: string }>(db, `SELECT name FROM "${MIGRATIONS_TABLE}"`);
    applied = new Set(rows.map((r) => r.name));
  } catch {
    return false;
  }
  return known.every((name) => applied.has(name));
}
