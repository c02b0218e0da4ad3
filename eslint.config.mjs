// Type-aware linting for TypeScript (floating/misused promises, consistent type
// imports, React hooks rules); plain recommended rules for the .mjs scripts;
// and the layer boundaries of ARCHITECTURE.md as import rules.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// What components may import from server/ at run time: modules of constants,
// zod schemas and pure rules that the browser shares with the server. Anything
// else from server/ is reachable only with `import type`. Add a module here
// only when it imports nothing that touches the database or Node.
const SHARED_WITH_COMPONENTS = ['auth/actor', 'board/run-strip', 'tasks/constants', 'tasks/timeline-schemas', 'lib/format-duration', 'tasks/schemas', 'runs/schemas', 'runs/run-end', 'users/schemas', 'events/schemas', 'events/catalogue', 'tasks/definition-fields', 'tasks/entries', 'http/limits', 'webhooks/schemas', 'webhooks/patterns', 'alerts/schemas', 'schedules/parse-on'];
const esc = (s) => s.replace(/[/.]/g, (c) => `\\${c}`);
const serverImport = (rest) => `^(@/|(\\.\\./)+)server/${rest}`;

const prismaClient = {
  regex: '^@prisma/client(/|$)|(^|/)prisma/generated(/|$)',
  message: 'Reach the database through a service in server/<domain>/ (ARCHITECTURE.md, Layers), not the Prisma client.',
};
const workerImport = {
  regex: '^(@/|(\\.\\./)+|\\./)worker(/|$)',
  message: 'The web process and the services do not import worker/: code both processes run belongs in server/<domain>/ (ARCHITECTURE.md, Layers).',
};
// `db.task.findMany(…)`, `handle.db.$transaction` called: a Prisma call written in a transport.
const prismaCall = {
  selector:
    'MemberExpression:matches([object.name="db"], [object.property.name="db"])[property.name=/^(task|run|runLog|event|user|session|apiToken|worker|boardColumn|label|setting|loginAttempt|webhookEndpoint|webhookDelivery|webhookAttempt|alertRule|alertIncident|\\$transaction|\\$queryRaw|\\$queryRawUnsafe|\\$executeRaw|\\$executeRawUnsafe)$/]',
  message: 'Transports pass `db` to a service in server/<domain>/ (ARCHITECTURE.md, Layers); they do not query it themselves.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.next/**',
      'prisma/generated/**',
      'data/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      'e2e/.artifacts/**',
      '.ci/out/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/set-state-in-effect': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Components use tRPC hooks and shared constants/schemas, never the database or services.
    files: ['components/**/*.ts', 'components/**/*.tsx'],
    ignores: ['components/trpc/server.tsx'], // the server components' tRPC caller (import 'server-only'): the one seam to the routers
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: serverImport(`(?!(${SHARED_WITH_COMPONENTS.map(esc).join('|')})$)`),
              allowTypeImports: true,
              message: `Components import from server/ only shared modules (${SHARED_WITH_COMPONENTS.join(', ')}; listed in eslint.config.mjs) or types (\`import type\`); data comes through tRPC.`,
            },
            { ...prismaClient, allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    // The worker imports services and the database module, never tRPC routers.
    files: ['worker/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)server/trpc(/|$)',
              message: 'The worker calls services in server/<domain>/, never tRPC (ARCHITECTURE.md, Layers).',
            },
          ],
        },
      ],
    },
  },
  {
    // Route handlers, pages and CLI commands are transports: Prisma only through services.
    files: ['app/**/*.ts', 'app/**/*.tsx', 'cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [prismaClient] }],
      'no-restricted-syntax': ['error', prismaCall],
    },
  },
  {
    // The web process (its pages, route handlers and start-up) and the services run no worker
    // code: what both processes run (the webhook sender, the alert evaluator) lives in
    // server/<domain>/. The CLI may import worker/ (`cronboard worker` starts one).
    files: ['instrumentation*.ts', 'proxy.ts', 'server/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [workerImport] }] },
  },
  {
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [prismaClient, workerImport] }] },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
