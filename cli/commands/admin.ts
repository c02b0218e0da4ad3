import type { Command } from 'commander';
import { getConfig } from '../../server/config';
import { migrateDatabase } from '../../server/db';
import { seedDemo } from '../../server/demo/seed-demo';
import { startCli } from '../database';
import { processIO, type CliIO } from '../io';

export function registerAdminCommands(program: Command, io: CliIO = processIO): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending migrations (web, worker and CLI also do this at start)')
    .action(async () => {
      const config = getConfig();
      const result = await migrateDatabase({ url: config.databaseUrl });
      io.stdout(
        result.applied.length > 0
          ? `Applied ${result.applied.length} migration(s) on ${result.provider}: ${result.applied.join(', ')}`
          : `Database schema is up to date (${result.provider}, ${result.alreadyApplied} migration(s) applied).`,
      );
    });

  program
    .command('seed')
    .description('add the demo tasks (skips keys that already exist)')
    .action(async () => {
      const { handle, config } = await startCli();
      const created = await seedDemo({ db: handle.db, timezone: config.timezone, port: config.port, force: true });
      io.stdout(created > 0 ? `Added ${created} demo task(s).` : 'The demo tasks are already there.');
    });
}
