import type { Actor } from '../auth/actor';
import type { Db } from '../db';
import { applyJobs, JobsInvalidError, type JobPlan } from './apply-jobs';
import { jobYaml } from './export-jobs';
import type { JobDocument } from './job-document';
import type { LoadedJobs } from './load-job-files';
import { parseCrontab, type CrontabJob } from './parse-crontab';
import { parseJobFile, type JobEntry } from './parse-job-file';
import type { JobProblem } from './problems';

// `cronboard import --crontab`: a crontab → shell tasks, through the same path
// as `cronboard apply` (job documents → the task input the form uses → one
// write transaction: all of it or none of it), or → job files (`--dir`), so a
// team can move its crontab into git. Every problem names the crontab's line.

export interface CrontabImportOptions {
  /** The crontab's text and its name as shown in problems (`crontab`, `-` for stdin). */
  text: string;
  display: string;
  defaultTimezone: string;
  allowedWorkdirs?: string[];
}

export interface CrontabJobFile {
  key: string;
  line: number;
  /** KEY.yaml */
  file: string;
  yaml: string;
  /** Env values that look secret are not written: `cronboard apply` reads each `${NAME}` from its environment. */
  variables: string[];
}

const REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

/** The job as a document: as it is applied (`apply`), or as a job file that keeps secrets out (`file`). */
function documentFor(job: CrontabJob, style: 'apply' | 'file'): JobDocument {
  const env = job.document.env as Record<string, string> | undefined;
  if (!env) return job.document;
  const entries = Object.entries(env).map(([name, value]) => {
    if (style === 'file' && job.secrets.includes(name)) return [name, `\${${name}}`];
    // A crontab value that reads like a `${NAME}` reference is meant literally.
    return [name, REFERENCE.test(value) ? { value, secret: false } : value];
  });
  return { ...job.document, env: Object.fromEntries(entries) };
}

function yamlFor(job: CrontabJob, style: 'apply' | 'file', options: CrontabImportOptions): string {
  const document = documentFor(job, style);
  const { schedule, timezone } = job.document as { schedule: string; timezone?: string };
  return jobYaml(document, {
    schedule,
    timezone: timezone ?? options.defaultTimezone,
    variables: style === 'file' ? job.secrets : [],
    header: style === 'file' ? ` Imported from ${options.display}, line ${job.line}.` : undefined,
  });
}

/** Every entry, validated as a job file is (or every problem, at the crontab's line). */
function crontabEntries(options: CrontabImportOptions, style: 'apply' | 'file') {
  const parsed = parseCrontab(options);
  const problems: JobProblem[] = [...parsed.problems];
  const entries: { job: CrontabJob; entry: JobEntry; yaml: string }[] = [];
  for (const job of parsed.jobs) {
    const at = (field: string | undefined, message: string): JobProblem => ({
      file: options.display,
      line: job.line,
      column: 1,
      ...(field ? { field } : {}),
      message,
    });
    const applied = yamlFor(job, 'apply', options);
    const yaml = style === 'apply' ? applied : yamlFor(job, style, options);
    const result = parseJobFile({ ...options, file: options.display, text: applied, env: {} });
    problems.push(...result.problems.map((p) => at(p.field, p.message)));
    const entry = result.entries[0];
    if (entry) entries.push({ job, yaml, entry: { ...entry, line: job.line, column: 1, problemAt: (f, m) => at(f, m) } });
  }
  problems.sort((a, b) => a.line - b.line);
  return { entries, problems };
}

/** `--dir`: the crontab as job files (one task per file), or JobsInvalidError with every problem. */
export function crontabJobFiles(options: CrontabImportOptions): CrontabJobFile[] {
  const { entries, problems } = crontabEntries(options, 'file');
  if (problems.length > 0) throw new JobsInvalidError(problems);
  return entries.map(({ job, yaml }) => ({ key: job.key, line: job.line, file: `${job.key}.yaml`, yaml, variables: job.secrets }));
}

/** The crontab's entries as new CLI tasks in one write transaction (JobsInvalidError: nothing created). */
export async function importCrontab(
  options: CrontabImportOptions & { db: Db; actor: Actor; secretKey?: Buffer | null; dryRun?: boolean; now?: Date },
): Promise<{ plan: JobPlan; applied: boolean }> {
  const { entries, problems } = crontabEntries(options, 'apply');
  if (problems.length > 0) throw new JobsInvalidError(problems);
  const jobs: LoadedJobs = { entries: entries.map((e) => e.entry), problems: [], scope: { folders: [], files: [] }, brokenFiles: [] };
  const { plan, applied } = await applyJobs({ ...options, jobs, importAs: 'cli' });
  return { plan, applied };
}
