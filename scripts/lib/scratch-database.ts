// A throw-away PostgreSQL database for benchmarks and tests, made through a
// maintenance connection (`adminUrl`, e.g. …/postgres) and dropped the same way.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ScratchDatabase {
  name: string;
  url: string;
}

/** A new empty database, or with `template` a copy of that one (CREATE DATABASE … TEMPLATE: no one may be connected to it). */
export async function createPgDatabase(adminUrl: string, prefix: string, template?: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template.replace(/"/g, '""')}"` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/**
 * Drops the database: a plain DROP first (it waits out autovacuum workers itself,
 * which WITH (FORCE) would have to terminate, and a role that is not superuser
 * may not), then WITH (FORCE) for connections of our own still open.
 */
export async function dropPgDatabase(adminUrl: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS "${name}"`).catch(() => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  } finally {
    await c.end();
  }
}
