#!/usr/bin/env node
// Compiles the CLI and the worker ahead of time (esbuild) into dist/, so
// `bin/cronboard.mjs` runs plain JavaScript instead of compiling TypeScript
// with tsx on every call. Pure-JS dependencies are bundled in (see EXTERNAL);
// modules a command loads lazily (`await import`) become their own chunks, so
// `cronboard schedule next` never loads Prisma. bin/cronboard.mjs falls back
// to tsx when dist/ is missing or older than the sources (cli-bundle.mjs).
// Run by the install hook (scripts/ensure-install.mjs), `npm run build` and
// `npm run build:cli`.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_DIR, freshBundle, root, sourcesFingerprint } from './lib/cli-bundle.mjs';

// Already built from these sources: keep dist/ as it is (`npm test` builds while other suites run the
// CLI from dist/, so a needless rebuild would pull files from under them). --force rebuilds anyway.
if (!process.argv.includes('--force') && freshBundle('cli') && freshBundle('worker')) {
  if (!process.argv.includes('--quiet')) console.log('The CLI and the worker in dist/ are up to date.');
  process.exit(0);
}

// `server-only` throws outside a React server; services never import it, but keep it out regardless.
const EXTERNAL = ['server-only', 'better-sqlite3', '@prisma/client', '@prisma/client/*', 'pg', 'pg-native', 'pino', 'pino-pretty', 'thread-stream', 'esbuild', 'tsx', 'tsx/*', 'next', 'next/*', 'prisma', 'prom-client', 'umzug'];
const started = Date.now();
rmSync(BUNDLE_DIR, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'cli/main.ts', worker: 'worker/main.ts' },
  outdir: BUNDLE_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Pure-JS dependencies are bundled in (a CLI call then reads a few files instead of
  // hundreds: zod alone is ~100 ESM files); these stay in node_modules: native code
  // (better-sqlite3), Prisma's runtime (it loads its WASM query compiler from its own
  // folder), packages that start worker threads or require optional modules by path
  // (pino's transports, pg's optional pg-native), umzug (CommonJS loaded with a named
  // dynamic import, which a bundled copy does not offer), and build/dev tools.
  external: EXTERNAL,
  // Bundled CommonJS (commander…) calls require() for Node's built-ins: give ESM output one.
  banner: { js: "import { createRequire as __cronboardRequire } from 'node:module'; const require = __cronboardRequire(import.meta.url);" },
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  logLevel: 'warning',
});
writeFileSync(join(BUNDLE_DIR, 'fingerprint'), sourcesFingerprint());
if (!process.argv.includes('--quiet')) console.log(`Compiled the CLI and the worker into dist/ in ${Date.now() - started} ms.`);
