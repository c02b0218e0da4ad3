// The `cronboard` command: a thin transport over server/ services, like tRPC.
// Each command module is loaded only when the call needs it (`cronboard
// schedule next` loads the schedule parser, never Prisma), so a call costs
// what it uses: see COMMAND_MODULES.
import { Command, CommanderError } from 'commander';
import { version } from '../server/lib/version';
import { EXIT_USAGE, reportCliError } from './io';

type Register = (program: Command) => void;

/** Top-level command names → the module that registers them. Help and unknown commands load them all. */
const COMMAND_MODULES: { names: string[]; load: () => Promise<Register> }[] = [
  { names: ['list', 'show', 'create', 'update', 'delete'], load: async () => (await import('./commands/tasks')).registerTaskCommands },
  { names: ['move', 'pause', 'resume'], load: async () => (await import('./commands/board')).registerBoardCommands },
  { names: ['run', 'cancel', 'logs'], load: async () => (await import('./commands/runs')).registerRunCommands },
  { names: ['history', 'stats', 'events'], load: async () => (await import('./commands/history')).registerHistoryCommands },
  { names: ['next', 'workers', 'prune'], load: async () => (await import('./commands/overview')).registerOverviewCommands },
  { names: ['schedule', 'validate'], load: async () => (await import('./commands/schedule')).registerScheduleCommands },
  { names: ['worker'], load: async () => (await import('./commands/worker')).registerWorkerCommand },
  { names: ['db', 'seed'], load: async () => (await import('./commands/admin')).registerAdminCommands },
  { names: ['user'], load: async () => (await import('./commands/user')).registerUserCommands },
  { names: ['token'], load: async () => (await import('./commands/token')).registerTokenCommands },
  { names: ['apply', 'export', 'import', 'schema'], load: async () => (await import('./commands/jobs')).registerJobsCommands },
  { names: ['event'], load: async () => (await import('./commands/event')).registerEventCommands },
  { names: ['webhook'], load: async () => (await import('./commands/webhook')).registerWebhookCommands },
  { names: ['scheduler'], load: async () => (await import('./commands/scheduler')).registerSchedulerCommands },
  { names: ['alert'], load: async () => (await import('./commands/alert')).registerAlertCommands },
];

/** The program with the commands `argv` names (all of them for help, no command or an unknown one). */
export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command('cronboard')
    .description('Cronboard: scheduled tasks on a kanban board, run by workers')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const name = argv.slice(2).find((a) => !a.startsWith('-'));
  const wanted = COMMAND_MODULES.filter((m) => name !== undefined && m.names.includes(name));
  for (const m of wanted.length > 0 ? wanted : COMMAND_MODULES) (await m.load())(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the message (or the help / version text).
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    return reportCliError(error);
  } finally {
    // Only when a command opened it: importing the database module loads Prisma.
    if ((globalThis as { __cronboardDb?: unknown }).__cronboardDb) {
      const { closeDatabase } = await import('../server/db');
      await closeDatabase().catch(() => undefined);
    }
  }
}

void main(process.argv).then((code) => process.exit(code));
