#!/usr/bin/env node
// Authors the next migration for both providers after prisma/models.prisma changed:
//   npm run db:new-migration -- add_alert_rules
// Each migration folder keeps the derived schema it was made from
// (schema.prisma), so the next diff is schema → schema, fully offline for
// SQLite. (`prisma migrate diff --from-migrations` cannot replay multi-statement
// SQLite migrations through the better-sqlite3 adapter.) The PostgreSQL diff
// needs a reachable server for Prisma's JS schema engine: set PRISMA_SHADOW_URL
// (or TEST_DATABASE_URL_POSTGRES) to any database it may connect to.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:new-migration -- <name_in_snake_case>');
  process.exit(2);
}

const derive = spawnSync(process.execPath, [join(root, 'scripts/derive-schemas.mjs')], { stdio: 'inherit' });
if (derive.status !== 0) process.exit(derive.status ?? 1);

const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
let wrote = 0;
for (const provider of ['sqlite', 'postgresql']) {
  const schema = join(root, 'prisma', provider, 'schema.prisma');
  const migrations = join(root, 'prisma', provider, 'migrations');
  const latest = readdirSync(migrations, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort().pop();
  const snapshot = latest ? join(migrations, latest, 'schema.prisma') : null;
  if (snapshot && !existsSync(snapshot)) {
    console.error(`${provider}: ${latest} has no schema.prisma snapshot; cannot diff`);
    process.exit(1);
  }
  if (snapshot && readFileSync(snapshot, 'utf8') === readFileSync(schema, 'utf8')) {
    console.log(`${provider}: no model changes since ${latest}`);
    continue;
  }
  const from = snapshot ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
  const result = spawnSync(join(root, 'node_modules/.bin/prisma'), ['migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script'], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      PRISMA_PROVIDER: provider,
      PRISMA_SHADOW_URL: process.env.PRISMA_SHADOW_URL ?? process.env.TEST_DATABASE_URL_POSTGRES,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  });
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    console.error(`${provider}: prisma migrate diff failed`);
    process.exit(1);
  }
  const dir = join(migrations, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), result.stdout);
  writeFileSync(join(dir, 'schema.prisma'), readFileSync(schema, 'utf8'));
  console.log(`${provider}: wrote ${join('prisma', provider, 'migrations', `${stamp}_${name}`, 'migration.sql')}`);
  wrote += 1;
}
if (wrote > 0) console.log('Review the SQL, then commit the new folders.');
