import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

let root: string | undefined;

/**
 * The project folder (holding prisma/ and package.json). Found by walking up
 * from the working directory, so it works the same under tsx, the Next.js
 * server bundle and the CLI; CRONBOARD_ROOT overrides it.
 */
export function projectRoot(): string {
  if (root) return root;
  if (process.env.CRONBOARD_ROOT) return (root = resolve(process.env.CRONBOARD_ROOT));
  let dir = process.cwd();
  for (;;) {
    if (existsSync(join(dir, 'prisma', 'models.prisma'))) return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) return (root = process.cwd());
    dir = parent;
  }
}
