import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Yaml from 'yaml';
import { projectRoot } from './paths';

let loaded: typeof Yaml | undefined;

/**
 * The `yaml` package, loaded on first use. Reading the configuration needs it
 * only when a cronboard.yaml exists, and a CLI call's bundle would otherwise
 * parse its 260 KB on every call (issue 16). Resolved from the project as the
 * logger resolves pino-pretty (lib/logger.ts), so it works the same under tsx,
 * the CLI bundle and the Next.js server.
 */
export function yaml(): typeof Yaml {
  return (loaded ??= createRequire(join(projectRoot(), 'package.json'))('yaml') as typeof Yaml);
}
