// `cronboard import --crontab FILE|- [--dry-run] [--dir DIR] [--json]`: a
// crontab's entries become shell tasks (one write transaction), or job files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { JobsInvalidError } from '../../server/jobs/apply-jobs';
import { crontabJobFiles, importCrontab } from '../../server/jobs/import-crontab';
import { getConfig } from '../../server/config';
import { taskSaveSettings } from '../../server/tasks/save-settings';
import { cliActor } from '../actor';
import { startCli } from '../database';
import type { CliIO } from '../io';
import { json, jsonCommand, usageError } from './format';
import { printPlan, reportProblems, writeJobFiles } from './jobs-output';

async function readCrontab(file: string): Promise<string> {
  if (file !== '-') {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      throw usageError(`--crontab: cannot read '${file}'`);
    }
  }
  if (process.stdin.isTTY) throw usageError('--crontab -: nothing is piped in (try: crontab -l | cronboard import --crontab -)');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

interface ImportOptions {
  crontab: string;
  dryRun?: boolean;
  dir?: string;
  json?: boolean;
}

export function registerImportCommand(program: Command, io: CliIO): void {
  jsonCommand(program, 'import', 'turn a crontab into tasks (one per entry, all or none), or into job files with --dir')
    .requiredOption('--crontab <file>', "the crontab ('-' reads standard input, e.g. from `crontab -l`)")
    .option('--dry-run', 'show what would be created (or written), change nothing')
    .option('--dir <dir>', 'write one job file per entry, KEY.yaml, into this folder instead of creating tasks')
    .addHelpText(
      'after',
      '\nExample:\n  crontab -l | cronboard import --crontab - --dry-run\n  cronboard import --crontab /etc/cron.d/backup --dir jobs/',
    )
    .action(async (opts: ImportOptions) => {
      const text = await readCrontab(opts.crontab);
      const display = opts.crontab === '-' ? 'crontab' : opts.crontab;
      try {
        if (opts.dir) importToFiles(text, display, { ...opts, dir: opts.dir }, io);
        else {
          const { handle, config } = await startCli();
          const settings = taskSaveSettings(config);
          const result = await importCrontab({ db: handle.db, text, display, actor: cliActor(), ...settings, dryRun: opts.dryRun });
          printPlan(result, opts, io);
        }
      } catch (error) {
        if (!(error instanceof JobsInvalidError)) throw error;
        reportProblems(error.problems, opts.json, io);
      }
    });
}

function importToFiles(text: string, display: string, opts: ImportOptions & { dir: string }, io: CliIO): void {
  const settings = taskSaveSettings(getConfig());
  const files = crontabJobFiles({ text, display, ...settings });
  const written = opts.dryRun ? [] : writeJobFiles(opts.dir, files);
  const variables = [...new Set(files.flatMap((f) => f.variables))];
  if (opts.json) {
    const paths = files.map((f) => ({ key: f.key, line: f.line, path: join(opts.dir, f.file), variables: f.variables }));
    io.stdout(json({ files: paths, written }));
  } else {
    for (const f of files) io.stdout(`+ ${join(opts.dir, f.file)} (line ${f.line})`);
    io.stdout(
      opts.dryRun
        ? `Dry run: ${files.length} job file(s) planned, nothing written.`
        : `Wrote ${files.length} job file(s) to ${opts.dir}; \`cronboard apply ${opts.dir}\` makes them tasks.`,
    );
  }
  if (variables.length > 0)
    io.stderr(`Secret-looking env values are not written; applying these files needs ${variables.join(', ')} in the environment.`);
}
