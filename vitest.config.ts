import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Suites: `unit` (pure code, no database) and `integration` (real SQLite files
// and, when TEST_DATABASE_URL_POSTGRES is set, a real PostgreSQL). The provider
// under test comes from CRONBOARD_TEST_PROVIDER (scripts/test-all.mjs sets it).
export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('.', import.meta.url)),
      // The tRPC server modules are marked server-only for Next.js; tests call them directly, as a server component would.
      'server-only': fileURLToPath(new URL('node_modules/server-only/empty.js', import.meta.url)),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
