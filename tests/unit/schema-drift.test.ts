import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();

describe('the committed schemas follow prisma/models.prisma', () => {
  it('derived per-provider schemas are up to date (npm run db:schemas)', () => {
    const check = spawnSync(process.execPath, [join(root, 'scripts/derive-schemas.mjs'), '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it.each(['sqlite', 'postgresql'])('the latest %s migration was made from the current models (npm run db:new-migration)', (provider) => {
    const dir = join(root, 'prisma', provider, 'migrations');
    const latest = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort().pop();
    expect(latest).toBeDefined();
    const snapshot = readFileSync(join(dir, latest!, 'schema.prisma'), 'utf8');
    const current = readFileSync(join(root, 'prisma', provider, 'schema.prisma'), 'utf8');
    expect(snapshot, `models changed since ${latest}: run npm run db:new-migration -- <name>`).toBe(current);
  });
});
