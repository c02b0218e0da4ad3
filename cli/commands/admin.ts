import type { Command } from 'commander';
import { getConfig } from '../../server/config';
import { getDb, migrateDatabase, redactUrl } from '../../server/db';
import { hasUsers } from '../../server/users/list-users';
import { json } from './format';
import { seedDemo } from '../../server/demo/seed-demo';
import { startCli } from '../database';
import { processIO, type CliIO } from '../io';

export function registerAdminCommands(program: Command, io: CliIO = processIO): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending migrations (web, worker and CLI also do this at start)')
    .option('--json', 'print JSON: applied migrations, provider, and whether any user exists yet')
    .action(async (opts: { json?: boolean }) => {
      const config = getConfig();
      const result = await migrateDatabase({ url: config.databaseUrl });
      if (opts.json) {
        // `npm start` reads `users` to say "create the first admin" on a fresh database.
        const users = await hasUsers({ db: await getDb() });
        return io.stdout(json({ ...result, users, database: redactUrl(config.databaseUrl) }));
      }
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
