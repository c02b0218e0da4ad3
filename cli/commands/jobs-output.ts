// What `cronboard apply`, `import` and `export` print and write: the plan, the
// problems (exit status 2, nothing changed) and job files written to a folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApplyJobsResult } from '../../server/jobs/apply-jobs';
import { formatPlan, planChangeCount } from '../../server/jobs/format-plan';
import { formatProblem, type JobProblem } from '../../server/jobs/problems';
import { EXIT_USAGE, type CliIO } from '../io';
import { json } from './format';

export function reportProblems(problems: JobProblem[], asJson: boolean | undefined, io: CliIO): void {
  if (asJson) io.stdout(json({ ok: false, problems: problems.map((p) => ({ ...p, text: formatProblem(p) })) }));
  for (const p of problems) io.stderr(formatProblem(p));
  io.stderr(`cronboard: ${problems.length} problem(s); nothing was changed.`);
  process.exitCode = EXIT_USAGE;
}

/** The plan as text (or one JSON document), then what became of it. */
export function printPlan(
  result: Pick<ApplyJobsResult, 'plan' | 'applied'>,
  opts: { dryRun?: boolean; json?: boolean },
  io: CliIO,
): void {
  if (opts.json) {
    io.stdout(json({ ...result.plan, applied: result.applied }));
    return;
  }
  const changes = planChangeCount(result.plan);
  io.stdout(formatPlan(result.plan));
  io.stdout(
    opts.dryRun
      ? `Dry run: ${changes} change(s) planned, nothing changed.`
      : changes === 0
        ? 'Nothing to do.'
        : `Applied ${changes} change(s).`,
  );
}

/** Writes each file into `dir` (made if missing); returns the paths written. */
export function writeJobFiles(dir: string, files: { file: string; yaml: string }[]): string[] {
  mkdirSync(dir, { recursive: true });
  return files.map(({ file, yaml }) => {
    const path = join(dir, file);
    writeFileSync(path, yaml);
    return path;
  });
}
