// Prisma CLI configuration, Rust-free mode: the CLI (generate, migrate diff)
// runs on the JavaScript schema engine through a driver adapter, so it needs no
// native engine download. PRISMA_PROVIDER picks which derived schema the CLI
// works on (scripts/prisma-generate.mjs and scripts/new-migration.mjs set it).
// The app itself applies migrations with server/db/migrate.ts, not this CLI.
import { defineConfig } from 'prisma/config';

const provider = process.env.PRISMA_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  async adapter() {
    if (provider === 'postgresql') {
      const { PrismaPg } = await import('@prisma/adapter-pg');
      return new PrismaPg({
        connectionString: process.env.PRISMA_SHADOW_URL ?? 'postgresql://localhost/cronboard',
      });
    }
    const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
    return new PrismaBetterSQLite3({ url: process.env.PRISMA_SQLITE_URL ?? ':memory:' });
  },
});
