// The `cronboard` command: a thin transport over server/ services, like tRPC.
import { Command, CommanderError } from 'commander';
import { closeDatabase } from '../server/db';
import { version } from '../server/lib/version';
import { registerAdminCommands } from './commands/admin';
import { registerJobsCommands } from './commands/jobs';
import { registerOverviewCommands } from './commands/overview';
import { registerRunCommands } from './commands/runs';
import { registerScheduleCommands } from './commands/schedule';
import { registerTaskCommands } from './commands/tasks';
import { registerTokenCommands } from './commands/token';
import { registerUserCommands } from './commands/user';
import { registerWorkerCommand } from './commands/worker';
import { EXIT_USAGE, reportCliError } from './io';

export function buildProgram(): Command {
  const program = new Command('cronboard')
    .description('Cronboard: scheduled tasks on a kanban board, run by workers')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerTaskCommands(program);
  registerRunCommands(program);
  registerOverviewCommands(program);
  registerScheduleCommands(program);
  registerWorkerCommand(program);
  registerAdminCommands(program);
  registerUserCommands(program);
  registerTokenCommands(program);
  registerJobsCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the message (or the help / version text).
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    return reportCliError(error);
  } finally {
    await closeDatabase().catch(() => undefined);
  }
}

void main(process.argv).then((code) => process.exit(code));
