#!/usr/bin/env node
// `npx cronboard …` (from any folder). Runs the precompiled CLI
// (dist/cli.mjs, made by scripts/build-cli.mjs at install and build) when it
// matches the sources; otherwise the TypeScript CLI through tsx, so a fresh
// clone and an edited tree still work (only slower: tsx compiles on each call).
import { freshBundle, root } from '../scripts/lib/cli-bundle.mjs';

// The project folder (migrations, data/logs) is where this file lives, not the
// working directory: `cronboard` works from any folder.
process.env.CRONBOARD_ROOT ||= root;

const bundle = process.env.CRONBOARD_NO_BUNDLE ? null : freshBundle('cli');
if (bundle) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
