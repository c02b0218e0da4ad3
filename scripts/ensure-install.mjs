#!/usr/bin/env node
// Runs `npm install` when node_modules is missing or older than package.json /
// package-lock.json, so `npm start` and `npm test` work on a fresh clone. Uses
// only Node built-ins: it runs before any dependency is there.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = join(root, 'node_modules', '.cronboard-install-stamp');

function fingerprint() {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) {
    const path = join(root, file);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  hash.update(process.version);
  return hash.digest('hex');
}

const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  console.error(`Cronboard needs Node.js 20 or newer; this is ${process.version}.`);
  process.exit(1);
}

const want = fingerprint();
const have = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : null;
const generated = existsSync(join(root, 'prisma', 'generated', 'sqlite', 'client.ts')) && existsSync(join(root, 'prisma', 'generated', 'postgresql', 'client.ts'));
if (have === want && generated) {
  buildCliWhenStale();
  process.exit(0);
}

console.log('Installing dependencies (npm install)…  The first time this compiles better-sqlite3 and takes a few minutes.');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('npm install failed; see the output above.');
  process.exit(result.status ?? 1);
}
writeFileSync(stampFile, fingerprint());
buildCliWhenStale();

/** The precompiled CLI and worker (scripts/build-cli.mjs), rebuilt when the sources changed; about a second. */
function buildCliWhenStale() {
  const check = spawnSync(process.execPath, ['-e', "import('./scripts/lib/cli-bundle.mjs').then((m) => process.exit(m.freshBundle('cli') && m.freshBundle('worker') ? 0 : 1))"], { cwd: root });
  if (check.status === 0) return;
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
  // Not fatal: bin/cronboard.mjs falls back to tsx without the bundle.
  if (built.status !== 0) console.error('cronboard: could not precompile the CLI (scripts/build-cli.mjs); it will run through tsx.');
}
