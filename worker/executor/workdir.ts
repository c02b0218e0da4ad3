import { realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isInside } from '../../server/tasks/workdir-rule';

export { isInside };

export type WorkdirCheck = { ok: true; dir: string } | { ok: false; error: string };

/**
 * Where a shell task may run. The requested directory (task.cwd, or the first
 * allowed root when there is none; a relative cwd is taken from that root) is
 * resolved, symlinks included, and must lie inside one of the allowed roots,
 * themselves resolved the same way. Resolving both sides is what stops a
 * symlink inside a root from leading outside it.
 */
export async function resolveWorkdir(cwd: string | null, allowedWorkdirs: string[]): Promise<WorkdirCheck> {
  const first = allowedWorkdirs[0];
  if (first === undefined) return { ok: false, error: 'no allowed working directories are configured (ALLOWED_WORKDIRS)' };
  const requested = resolve(first, cwd ?? '.');

  let dir: string;
  try {
    dir = await realpath(requested);
  } catch {
    return { ok: false, error: `working directory ${requested} does not exist` };
  }
  try {
    if (!(await stat(dir)).isDirectory()) return { ok: false, error: `working directory ${requested} is not a directory` };
  } catch (err) {
    return { ok: false, error: `working directory ${requested} is not accessible: ${(err as Error).message}` };
  }

  const roots = await Promise.all(allowedWorkdirs.map((root) => realpath(resolve(root)).catch(() => null)));
  if (roots.some((root) => root !== null && isInside(root, dir))) return { ok: true, dir };

  const shown = dir === requested ? requested : `${requested} (→ ${dir})`;
  return { ok: false, error: `working directory ${shown} is outside the allowed roots (${allowedWorkdirs.join(', ')})` };
}

