import type { ParsedConfig } from './schema';

export type Config = Omit<ParsedConfig, 'databaseUrl' | 'demo' | 'allowedWorkdirs'> & {
  /** Absolute for SQLite files. */
  databaseUrl: string;
  /** True when DATABASE_URL was not given (the embedded SQLite file). */
  usesDefaultDatabase: boolean;
  demo: boolean;
  allowedWorkdirs: string[];
  /** The YAML file that was read, if any. */
  configFile: string | null;
};
