#!/usr/bin/env node
// Compiles the CLI and the worker ahead of time (esbuild) into dist/, so
// `bin/cronboard.mjs` runs plain JavaScript instead of compiling TypeScript
// with tsx on every call. Pure-JS dependencies are bundled in (see EXTERNAL);
// modules a command loads lazily (`await import`) become their own chunks, so
// `cronboard schedule next` never loads Prisma. bin/cronboard.mjs falls back
// to tsx when dist/ is missing or older than the sources (cli-bundle.mjs).
// Run by the install hook (scripts/ensure-install.mjs), `npm run build` and
// `npm run build:cli`.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
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
// Prisma's generated client loads its WASM query compiler from a 2.5 MB JavaScript
// module holding it as base64 (parse, decode, then compile: ~90 ms of CPU on every
// call that opens the database). The bundle ships the decoded bytes beside its
// chunks instead and compiles them straight from the file; the base64 module stays
// the fallback when the file is missing. Found by `node --cpu-prof bin/cronboard.mjs list`.
const WASM_IMPORT = /const \{ wasm \} = await import\("@prisma\/client\/runtime\/(query_compiler_bg\.(sqlite|postgresql))\.wasm-base64\.mjs"\)/;
const wasmFromFile = {
  name: 'prisma-wasm-from-file',
  setup(b) {
    // Prisma's runtime as ESM: under Node's "node" condition `@prisma/client/runtime/client`
    // is the CommonJS build, which Node scans with its CommonJS lexer (229 KB) before
    // an ES module may import it. One spelling for the whole bundle, so one runtime instance.
    b.onResolve({ filter: /^@prisma\/client\/runtime\/client$/ }, () => ({ path: '@prisma/client/runtime/client.mjs', external: true }));
    b.onLoad({ filter: /prisma[\\/]generated[\\/](sqlite|postgresql)[\\/]internal[\\/]class\.ts$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      const match = WASM_IMPORT.exec(source);
      if (!match) {
        return { contents: source, loader: 'ts', warnings: [{ text: `${args.path}: Prisma's WASM import not found; the bundle keeps the base64 module` }] };
      }
      const name = match[1];
      const { wasm } = await import(`@prisma/client/runtime/${name}.wasm-base64.mjs`);
      mkdirSync(join(BUNDLE_DIR, 'chunks'), { recursive: true });
      writeFileSync(join(BUNDLE_DIR, 'chunks', `${name}.wasm`), Buffer.from(wasm, 'base64'));
      // The client is imported lazily (server/db/client.ts), so its code is always in a chunk of dist/chunks/.
      const fromFile =
        `const __wasmFile = new URL('./${name}.wasm', import.meta.url);\n` +
        `    if (__cronboardFs.existsSync(__wasmFile)) return new WebAssembly.Module(__cronboardFs.readFileSync(__wasmFile));\n    ${match[0]}`;
      return { contents: `import * as __cronboardFs from 'node:fs';\n${source.replace(match[0], fromFile)}`, loader: 'ts' };
    });
  },
};
// zod's `z.locales` namespace holds its error messages in ~40 languages (366 KB of the
// bundle, parsed by every call that loads zod, which is every call that reads the
// configuration). Cronboard speaks English only (zod itself configures `en` from
// locales/en.js directly), so the namespace keeps `en` alone here.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${sep}node_modules${sep}zod${sep}`) ? { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};`,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};
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
  plugins: [wasmFromFile, zodEnglishOnly],
});
writeFileSync(join(BUNDLE_DIR, 'fingerprint'), sourcesFingerprint());
if (!process.argv.includes('--quiet')) console.log(`Compiled the CLI and the worker into dist/ in ${Date.now() - started} ms.`);
