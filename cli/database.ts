// How a CLI command reaches its database: the start-up of server/bootstrap.ts
// (configuration, migrations, open) without seeding the demo tasks.
import { bootstrap, type Started } from '../server/bootstrap';
import type { Db } from '../server/db';

export function startCli(): Promise<Started> {
  return bootstrap('cli', { seed: false });
}

export async function cliDb(): Promise<Db> {
  return (await startCli()).handle.db;
}
