import type { Config } from '../server/config';
import type { Db } from '../server/db';
import type { Logger } from '../server/lib/logger';

/** What every part of a worker (the loop, runs in hand, housekeeping, the jobs sync) is given. */
export interface WorkerDeps {
  db: Db;
  config: Config;
  logger: Logger;
}
