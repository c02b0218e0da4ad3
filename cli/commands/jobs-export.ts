// `cronboard export [KEY...] [--dir DIR | -o FILE] [--json]`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { exportJobs } from '../../server/jobs/export-jobs';
import { startCli } from '../database';
import type { CliIO } from '../io';
import { json, jsonCommand, usageError } from './format';
import { writeJobFiles } from './jobs-output';

export function registerExportCommand(program: Command, io: CliIO): void {
  jsonCommand(program, 'export', 'write tasks as job files (YAML, one task per file) that `cronboard apply` reads back')
    .argument('[keys...]', 'task keys (default: every task)')
    .option('--dir <dir>', 'write one file per task, KEY.yaml, into this folder')
    .option('-o, --output <file>', 'write every task into this one file (--- between tasks)')
    .addHelpText('after', '\nExample:\n  cronboard export --dir jobs/\n  cronboard export nightly-backup -o backup.yaml')
    .action(async (keys: string[], opts: { dir?: string; output?: string; json?: boolean }) => {
      if (opts.dir && opts.output) throw usageError('give --dir or -o, not both');
      const { handle, config } = await startCli();
      const jobs = await exportJobs({ db: handle.db, keys, defaultTimezone: config.timezone });
      const written: string[] = [];
      if (opts.dir) {
        written.push(...writeJobFiles(opts.dir, jobs));
      } else if (opts.output) {
        mkdirSync(dirname(opts.output), { recursive: true });
        writeFileSync(opts.output, jobs.map((j) => j.yaml).join('---\n'));
        written.push(opts.output);
      }
      if (opts.json) {
        io.stdout(
          json({ tasks: jobs.map(({ key, file, document, variables }) => ({ key, file, document, variables })), written }),
        );
      } else if (written.length > 0) {
        io.stdout(
          `Exported ${jobs.length} task(s) to ${written.length === 1 ? written[0] : `${written.length} files in ${opts.dir}`}.`,
        );
        const variables = [...new Set(jobs.flatMap((j) => j.variables))];
        if (variables.length > 0)
          io.stderr(`Secrets are not exported; applying these files needs ${variables.join(', ')} in the environment.`);
      } else {
        io.stdout(jobs.map((j) => j.yaml).join('---\n') || '# no tasks');
      }
    });
}
