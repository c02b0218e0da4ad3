#!/usr/bin/env node
// postinstall: generates the Prisma client for both providers (Rust-free: no
// engine download). Prisma's own install scripts are denied in allowScripts
// because they try to download native engines this machine cannot fetch.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prisma = join(root, 'node_modules', '.bin', 'prisma');
if (!existsSync(prisma)) {
  console.log('prisma-generate: prisma CLI not installed yet, skipping');
  process.exit(0);
}
for (const provider of ['sqlite', 'postgresql']) {
  const result = spawnSync(prisma, ['generate'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PRISMA_PROVIDER: provider, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    console.error(`prisma-generate: prisma generate failed for ${provider}`);
    process.exit(result.status ?? 1);
  }
  console.log(`prisma-generate: generated the ${provider} client`);
}
