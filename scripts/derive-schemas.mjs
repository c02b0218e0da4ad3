#!/usr/bin/env node
// Derives the per-provider Prisma schemas from prisma/models.prisma (the single
// source of the data model). `--check` exits 1 when the committed files differ.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PROVIDERS = ['sqlite', 'postgresql'];

export function deriveSchema(provider, models) {
  return `// GENERATED from prisma/models.prisma by scripts/derive-schemas.mjs. Do not edit.
// Change prisma/models.prisma, then run \`npm run db:schemas\`.

generator client {
  provider               = "prisma-client"
  output                 = "../generated/${provider}"
  engineType             = "client"
  runtime                = "nodejs"
  moduleFormat           = "esm"
  generatedFileExtension = "ts"
  importFileExtension    = "ts"
}

// The app connects through a driver adapter built from DATABASE_URL
// (server/db). Prisma 6.19's CLI still wants a well-formed URL here; it is
// never used to connect.
datasource db {
  provider = "${provider}"
  url      = "${provider === 'sqlite' ? 'file:./unused.db' : 'postgresql://unused@localhost/unused'}"
}

${models.trim()}
`;
}

export function derivedPath(provider) {
  return join(root, 'prisma', provider, 'schema.prisma');
}

function main() {
  const check = process.argv.includes('--check');
  const models = readFileSync(join(root, 'prisma', 'models.prisma'), 'utf8');
  let drift = false;
  for (const provider of PROVIDERS) {
    const file = derivedPath(provider);
    const want = deriveSchema(provider, models);
    const have = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (have === want) continue;
    if (check) {
      console.error(`${file} is out of date with prisma/models.prisma: run \`npm run db:schemas\``);
      drift = true;
    } else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, want);
      console.log(`wrote ${file}`);
    }
  }
  process.exit(drift ? 1 : 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
