// Jobs as code: `cronboard apply`, `export`, `import`, `schema jobs`. Each parses its
// arguments, calls the services in server/jobs and prints the result.
import type { Command } from 'commander';
import { applyJobs, JobsInvalidError } from '../../server/jobs/apply-jobs';
import { jobFileJsonSchema } from '../../server/jobs/job-schema';
import { loadJobFiles } from '../../server/jobs/load-job-files';
import { taskSaveSettings } from '../../server/tasks/save-settings';
import { cliActor } from '../actor';
import { startCli } from '../database';
import { processIO, type CliIO } from '../io';
import { json, jsonCommand, usageError, withOptions } from './format';
import { registerExportCommand } from './jobs-export';
import { registerImportCommand } from './jobs-import';
import { printPlan, reportProblems } from './jobs-output';

export function registerJobsCommands(program: Command, io: CliIO = processIO): void {
  withOptions(
    jsonCommand(program, 'apply', 'make the tasks match job files (YAML): shows the plan, then applies it in one transaction'),
    [
      ['--dry-run', 'show the plan, change nothing'],
      ['--prune', 'delete tasks from these files/folders that they no longer define (never other tasks)'],
      ['--force', 'with --prune: also delete a task with a running run (its run is cancelled)'],
    ],
  )
    .argument('<paths...>', 'job files (.yaml/.yml) or folders of them')
    .addHelpText('after', '\nExample:\n  cronboard apply jobs/ --dry-run\n  cronboard apply jobs/ --prune')
    .action(async (paths: string[], opts: { dryRun?: boolean; prune?: boolean; force?: boolean; json?: boolean }) => {
      if (opts.force && !opts.prune) throw usageError('--force only makes sense with --prune');
      const { handle, config } = await startCli();
      const settings = taskSaveSettings(config);
      const jobs = loadJobFiles({ paths, defaultTimezone: settings.defaultTimezone, allowedWorkdirs: settings.allowedWorkdirs });
      try {
        const result = await applyJobs({
          db: handle.db,
          jobs,
          actor: cliActor(),
          ...settings,
          prune: opts.prune,
          force: opts.force,
          dryRun: opts.dryRun,
        });
        printPlan(result, opts, io);
      } catch (error) {
        if (!(error instanceof JobsInvalidError)) throw error;
        reportProblems(error.problems, opts.json, io);
      }
    });

  registerExportCommand(program, io);
  registerImportCommand(program, io);

  program
    .command('schema')
    .description('print a JSON Schema: `schema jobs` for job files (editors validate and complete them with it)')
    .argument('<what>', 'jobs')
    .action((what: string) => {
      if (what !== 'jobs') throw usageError(`schema: unknown schema '${what}' (known: jobs)`);
      io.stdout(json(jobFileJsonSchema()));
    });
}
