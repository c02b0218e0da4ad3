import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { writeTransaction, type WriteTx } from '../db/write-transaction';
import { AppError, isAppError } from '../errors';
import { createTaskIn } from '../tasks/create-task';
import { deleteTaskIn } from '../tasks/delete-task';
import { TASK_DEFINITION_FIELDS } from '../tasks/definition-fields';
import { taskInclude } from '../tasks/task-view';
import { updateTaskIn, type TaskPatch } from '../tasks/update-task';
import { displayPath } from './display-path';
import { jobChanges, jobFields } from './job-document';
import type { LoadedJobs } from './load-job-files';
import type { JobEntry } from './parse-job-file';
import { formatProblem, type JobProblem } from './problems';

// `cronboard apply` and the jobs-folder sync: make the database match the job
// files, in ONE write transaction (all of it or none of it), and say what
// changed as a plan (create / update with per-field changes / delete / unchanged).

export interface JobPlan {
  create: string[];
  /** Existing tasks made in the UI, CLI or API that a file now defines: they become managed by it. */
  adopt: { key: string; from: string }[];
  update: { key: string; changes: Record<string, [unknown, unknown]> }[];
  delete: string[];
  unchanged: number;
}

export interface ApplyJobsOptions {
  db: Db;
  jobs: LoadedJobs;
  actor: Actor;
  defaultTimezone: string;
  allowedWorkdirs?: string[];
  secretKey?: Buffer | null;
  /** Delete the tasks of these files and folders that the files no longer define. */
  prune?: boolean;
  /** Prune also a task with a running run (its cancel is requested). */
  force?: boolean;
  /** Compute the plan and roll it back. */
  dryRun?: boolean;
  /** The sync: files with problems are left out (their tasks stay as they are, never pruned); the rest applies. */
  skipBroken?: boolean;
  /**
   * `cronboard import`: only new tasks, made as CLI tasks (not managed by the file they came from);
   * a key that is already taken is a problem. Default: the files manage their tasks (source yaml).
   */
  importAs?: 'cli';
  now?: Date;
}

export interface ApplyJobsResult {
  plan: JobPlan;
  applied: boolean;
  /** Problems of the files left out (skipBroken). */
  problems: JobProblem[];
}

/** Thrown with every problem: nothing was changed. */
export class JobsInvalidError extends AppError {
  constructor(readonly problems: JobProblem[]) {
    super('BAD_REQUEST', problems.map(formatProblem).join('\n'), {
      issues: problems.map((p) => ({
        path: `${p.file}:${p.line}:${p.column}`,
        message: `${p.field ? `${p.field}: ` : ''}${p.message}`,
      })),
    });
  }
}

class DryRun extends Error {
  constructor(readonly result: ApplyJobsResult) {
    super('dry run');
  }
}

function inScope(path: string | null, jobs: LoadedJobs): boolean {
  if (!path) return false;
  return jobs.scope.files.includes(path) || jobs.scope.folders.some((folder) => path.startsWith(`${folder}/`));
}

function patchFor(entry: JobEntry, currentLabels: string[]): TaskPatch {
  const input = entry.input as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  // The file owns the definition: a field it leaves out goes back to its default.
  for (const field of TASK_DEFINITION_FIELDS) patch[field] = input[field] ?? null;
  // The board owns the rest: only what the file says is applied; labels added on the board stay.
  for (const field of entry.boardFields) patch[field] = input[field];
  if (entry.boardFields.includes('labels')) patch.labels = [...new Set([...currentLabels, ...(entry.input.labels ?? [])])];
  return patch;
}

export async function applyJobs(options: ApplyJobsOptions): Promise<ApplyJobsResult> {
  const { jobs } = options;
  const skipped = new Set(options.skipBroken ? jobs.brokenFiles : []);
  if (jobs.problems.length > 0 && !options.skipBroken) throw new JobsInvalidError(jobs.problems);
  const entries = jobs.entries.filter((e) => !skipped.has(e.file));
  const settings = {
    actor: options.actor,
    defaultTimezone: options.defaultTimezone,
    allowedWorkdirs: options.allowedWorkdirs,
    secretKey: options.secretKey ?? null,
    now: options.now,
  };
  try {
    const result = await writeTransaction(
      options.db,
      async (tx) => {
        const result = await applyIn(tx, entries, settings, options, skipped);
        if (options.dryRun) throw new DryRun(result);
        return result;
      },
      // One apply at a time across processes (two workers syncing one folder), and room for a big folder.
      { serializeOn: 'job-files:apply', timeout: 120_000, maxWait: 30_000 },
    );
    return { ...result, problems: [...jobs.problems, ...result.problems] };
  } catch (error) {
    if (error instanceof DryRun)
      return { ...error.result, applied: false, problems: [...jobs.problems, ...error.result.problems] };
    throw error;
  }
}

async function applyIn(
  tx: WriteTx,
  entries: JobEntry[],
  settings: { actor: Actor; defaultTimezone: string; allowedWorkdirs?: string[]; secretKey: Buffer | null; now?: Date },
  options: ApplyJobsOptions,
  skipped: Set<string>,
): Promise<ApplyJobsResult> {
  const plan: JobPlan = { create: [], adopt: [], update: [], delete: [], unchanged: 0 };
  const problems: JobProblem[] = [];
  const wanted = new Set(entries.map((e) => e.key));
  const failed = (entry: JobEntry, error: unknown) => {
    if (!isAppError(error)) throw error;
    if (error.issues.length === 0) problems.push(entry.problemAt('key', error.message));
    for (const issue of error.issues) problems.push(entry.problemAt(issue.path, issue.message));
  };

  for (const entry of entries) {
    const before = await tx.task.findUnique({ where: { key: entry.key }, include: taskInclude });
    if (before && options.importAs) {
      problems.push(entry.problemAt('key', `a task with key '${entry.key}' already exists`));
      continue;
    }
    if (!before) {
      try {
        await createTaskIn(tx, {
          ...settings,
          input: entry.input,
          ...(options.importAs ? { source: options.importAs } : { source: 'yaml', sourcePath: entry.file }),
        });
        plan.create.push(entry.key);
      } catch (error) {
        failed(entry, error);
      }
      continue;
    }
    const adopted = before.source !== 'yaml';
    if (!adopted && before.sourcePath !== entry.file && !inScope(before.sourcePath, options.jobs)) {
      problems.push(
        entry.problemAt(
          'key',
          `task '${entry.key}' is managed in ${displayPath(before.sourcePath ?? '?')}, outside what is applied`,
        ),
      );
      continue;
    }
    try {
      await updateTaskIn(tx, {
        ...settings,
        key: entry.key,
        patch: patchFor(
          entry,
          before.labels.map((l) => l.name),
        ),
        jobFile: entry.file,
      });
    } catch (error) {
      failed(entry, error);
      continue;
    }
    if (adopted || before.sourcePath !== entry.file) {
      await tx.task.update({ where: { id: before.id }, data: { source: 'yaml', sourcePath: entry.file } });
    }
    const after = await tx.task.findUniqueOrThrow({ where: { id: before.id }, include: taskInclude });
    const changes = jobChanges(jobFields(before, 'masked'), jobFields(after, 'masked'));
    if (adopted) plan.adopt.push({ key: entry.key, from: before.source });
    else if (before.sourcePath !== entry.file) changes.file = [displayPath(before.sourcePath ?? ''), entry.display];
    if (Object.keys(changes).length > 0) plan.update.push({ key: entry.key, changes });
    else plan.unchanged++;
  }

  if (options.prune) {
    const managed = await tx.task.findMany({
      where: { source: 'yaml' },
      select: { key: true, sourcePath: true },
      orderBy: { key: 'asc' },
    });
    for (const task of managed) {
      if (wanted.has(task.key) || !inScope(task.sourcePath, options.jobs) || skipped.has(task.sourcePath ?? '')) continue;
      try {
        await deleteTaskIn(tx, { key: task.key, actor: settings.actor, force: options.force, now: settings.now });
        plan.delete.push(task.key);
      } catch (error) {
        if (!isAppError(error)) throw error;
        const file = displayPath(task.sourcePath ?? '');
        problems.push({
          file,
          line: 1,
          column: 1,
          field: 'id',
          message: `cannot delete '${task.key}': ${error.message}${options.force ? '' : ' (--force cancels it)'}`,
        });
      }
    }
  }
  if (problems.length > 0 && !options.skipBroken) throw new JobsInvalidError(problems);
  return { plan, applied: true, problems };
}
