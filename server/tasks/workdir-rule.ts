import { isAbsolute, relative, resolve, sep } from 'node:path';

/** True when `dir` is `root` or below it (by path, not by string prefix: /srv2 is not inside /srv). */
export function isInside(root: string, dir: string): boolean {
  const rel = relative(root, dir);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/**
 * Why a task's cwd is refused when it is saved, or null: it must lie inside
 * one of the allowed roots (ALLOWED_WORKDIRS), a relative cwd being taken from
 * the first. This is by path; the worker checks again when it runs, with
 * symlinks resolved on its own machine.
 */
export function workdirProblem(cwd: string, allowedWorkdirs: string[]): string | null {
  const first = allowedWorkdirs[0];
  if (first === undefined) return 'no allowed working directories are configured (ALLOWED_WORKDIRS)';
  const dir = resolve(first, cwd);
  if (allowedWorkdirs.some((root) => isInside(resolve(root), dir))) return null;
  const shown = dir.length > 200 ? `${dir.slice(0, 200)}…` : dir;
  return `${shown} is outside the allowed working directories (ALLOWED_WORKDIRS: ${allowedWorkdirs.join(', ')})`;
}
