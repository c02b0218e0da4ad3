import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayPath } from './display-path';
import { AppError } from '../errors';
import { parseJobFile, type JobEntry } from './parse-job-file';
import type { JobProblem } from './problems';

// The paths given to `cronboard apply` (files and folders) → every task they
// define, or every problem, each located. An id defined twice names both files.

export interface JobScope {
  /** Folders applied (absolute): --prune may delete the tasks of files under them. */
  folders: string[];
  /** Files named on their own (absolute): --prune may delete tasks that were in them. */
  files: string[];
}

export interface LoadedJobs {
  entries: JobEntry[];
  problems: JobProblem[];
  scope: JobScope;
  /** Files (absolute) with a problem: a sync that skips them leaves their tasks as they are. */
  brokenFiles: string[];
}

export interface LoadJobFilesOptions {
  paths: string[];
  defaultTimezone: string;
  allowedWorkdirs?: string[];
  env?: Record<string, string | undefined>;
  /** Relative names are shown from here (default: the working directory). */
  cwd?: string;
}

const JOB_FILE = /\.ya?ml$/i;

function filesUnder(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile() && JOB_FILE.test(entry.name)) out.push(path);
  }
  return out;
}

export function loadJobFiles(options: LoadJobFilesOptions): LoadedJobs {
  const cwd = options.cwd ?? process.cwd();
  const scope: JobScope = { folders: [], files: [] };
  const files: string[] = [];
  for (const given of options.paths) {
    const path = resolve(cwd, given);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new AppError('BAD_REQUEST', `${given}: no such file or folder`);
    }
    if (stat.isDirectory()) {
      scope.folders.push(path);
      files.push(...filesUnder(path));
    } else {
      scope.files.push(path);
      files.push(path);
    }
  }
  const entries: JobEntry[] = [];
  const problems: JobProblem[] = [];
  const broken = new Set<string>();
  for (const file of [...new Set(files)]) {
    const display = displayPath(file, cwd);
    const parsed = parseJobFile({ ...options, file, display, text: readFileSync(file, 'utf8') });
    entries.push(...parsed.entries);
    problems.push(...parsed.problems);
    if (parsed.problems.length > 0) broken.add(file);
  }
  const byKey = new Map<string, JobEntry>();
  const unique: JobEntry[] = [];
  for (const entry of entries) {
    const first = byKey.get(entry.key);
    if (!first) {
      byKey.set(entry.key, entry);
      unique.push(entry);
      continue;
    }
    problems.push(entry.problemAt('key', `'${entry.key}' is also defined in ${first.display}:${first.line}:${first.column}`));
    broken.add(entry.file);
    broken.add(first.file);
  }
  return { entries: unique, problems, scope, brokenFiles: [...broken] };
}
