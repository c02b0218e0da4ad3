// Where the precompiled CLI and worker live, and whether they still match the
// sources: a fingerprint of every source file's path, size and mtime (a stat
// per file, no reads: a few milliseconds for the whole tree).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLE_DIR = join(root, 'dist');
const SOURCE_DIRS = ['cli', 'server', 'worker', join('prisma', 'generated')];
// The bundler script too: a change in how the bundle is made (what is bundled, what stays external) rebuilds it.
const SOURCE_FILES = ['package.json', 'tsconfig.json', join('scripts', 'build-cli.mjs')];

function walk(dir, hash) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path, hash);
    else if (/\.(ts|tsx|mts|js|mjs|json)$/.test(e.name)) {
      const s = statSync(path);
      hash.update(`${path}\0${s.size}\0${s.mtimeMs}\n`);
    }
  }
}

export function sourcesFingerprint() {
  const hash = createHash('sha256');
  for (const d of SOURCE_DIRS) walk(join(root, d), hash);
  for (const f of SOURCE_FILES) {
    const path = join(root, f);
    if (existsSync(path)) hash.update(`${path}\0${statSync(path).mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** The compiled entry (`cli` or `worker`) when it exists and matches the sources, else null. */
export function freshBundle(entry) {
  const file = join(BUNDLE_DIR, `${entry}.mjs`);
  try {
    if (readFileSync(join(BUNDLE_DIR, 'fingerprint'), 'utf8') !== sourcesFingerprint()) return null;
  } catch {
    return null;
  }
  return existsSync(file) ? file : null;
}
