import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { appErrorOf } from './helpers/config-errors';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cronboard-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function load(env: Record<string, string> = {}, yaml?: string) {
  if (yaml !== undefined) writeFileSync(join(dir, 'cronboard.yaml'), yaml);
  return loadConfig({ env, cwd: dir });
}

const errorOf = appErrorOf;

describe('configuration defaults', () => {
  it('uses the embedded SQLite file under ./data, UTC and the documented defaults', () => {
    const config = load();
    expect(config).toMatchObject({
      databaseUrl: `file:${join(dir, 'data/cronboard.db')}`,
      usesDefaultDatabase: true,
      timezone: 'UTC',
      workerConcurrency: 4,
      pollIntervalMs: 1000,
      defaultTimeoutSeconds: 3600,
      shutdownGraceSeconds: 30,
      logLevel: 'info',
      historyRetentionDays: 30,
      maxLogBytes: 1024 * 1024,
      leaseSeconds: 30,
      port: 3000,
      allowedWorkdirs: [dir],
      configFile: null,
    });
  });

  it('turns demo data on for the embedded database and off when DATABASE_URL is set', () => {
    expect(load().demo).toBe(true);
    expect(load({ DATABASE_URL: 'postgresql://u:p@localhost/db' }).demo).toBe(false);
    expect(load({ DATABASE_URL: 'postgresql://u:p@localhost/db', CRONBOARD_DEMO: 'yes' }).demo).toBe(true);
    expect(load({ CRONBOARD_DEMO: 'off' }).demo).toBe(false);
  });
});

describe('environment and cronboard.yaml', () => {
  it('reads every key from the environment', () => {
    const config = load({
      DATABASE_URL: 'file:/var/lib/cronboard/db.sqlite',
      CRONBOARD_TIMEZONE: 'Asia/Kolkata',
      WORKER_CONCURRENCY: '8',
      POLL_INTERVAL_MS: '250',
      DEFAULT_TIMEOUT_SECONDS: '120',
      SHUTDOWN_GRACE_SECONDS: '5',
      LOG_LEVEL: 'debug',
      LOG_FILE: '/var/log/cronboard.log',
      HISTORY_RETENTION_DAYS: '7',
      ALLOWED_WORKDIRS: '/srv:/opt/jobs',
      MAX_LOG_BYTES: '2048',
      LEASE_SECONDS: '15',
      PORT: '8080',
    });
    expect(config).toMatchObject({
      databaseUrl: 'file:/var/lib/cronboard/db.sqlite',
      usesDefaultDatabase: false,
      timezone: 'Asia/Kolkata',
      workerConcurrency: 8,
      pollIntervalMs: 250,
      defaultTimeoutSeconds: 120,
      shutdownGraceSeconds: 5,
      logLevel: 'debug',
      logFile: '/var/log/cronboard.log',
      historyRetentionDays: 7,
      allowedWorkdirs: ['/srv', '/opt/jobs'],
      maxLogBytes: 2048,
      leaseSeconds: 15,
      port: 8080,
    });
  });

  it('reads cronboard.yaml and lets the environment win', () => {
    const yaml = 'timezone: Europe/Paris\nworkerConcurrency: 2\nallowedWorkdirs:\n  - /srv/a\n  - /srv/b\n';
    const config = load({ WORKER_CONCURRENCY: '6' }, yaml);
    expect(config.timezone).toBe('Europe/Paris');
    expect(config.workerConcurrency).toBe(6);
    expect(config.allowedWorkdirs).toEqual(['/srv/a', '/srv/b']);
    expect(config.configFile).toBe(join(dir, 'cronboard.yaml'));
  });

  it('resolves a relative SQLite path against the working directory', () => {
    expect(load({ DATABASE_URL: 'file:./db/x.db' }).databaseUrl).toBe(`file:${join(dir, 'db/x.db')}`);
  });
});

describe('invalid configuration names the key, where it came from and why', () => {
  it.each([
    [{ WORKER_CONCURRENCY: 'many' }, /WORKER_CONCURRENCY \(environment\): must be a number/],
    [{ WORKER_CONCURRENCY: '0' }, /WORKER_CONCURRENCY \(environment\): must be at least 1/],
    [{ POLL_INTERVAL_MS: '2.5' }, /POLL_INTERVAL_MS \(environment\): must be a whole number/],
    [{ CRONBOARD_TIMEZONE: 'Mars/Olympus' }, /CRONBOARD_TIMEZONE \(environment\): unknown timezone 'Mars\/Olympus'/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL \(environment\): must be one of fatal, error, warn, info, debug, trace, silent/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL \(environment\): must start with file:/],
    [{ CRONBOARD_DEMO: 'maybe' }, /CRONBOARD_DEMO \(environment\): must be true or false/],
    [{ ALLOWED_WORKDIRS: 'relative/dir' }, /ALLOWED_WORKDIRS \(environment\)\[0\]: each entry must be an absolute path/],
    [{ LEASE_SECONDS: '1' }, /LEASE_SECONDS \(environment\): must be at least 5/],
  ])('%o', (env, message) => {
    const error = errorOf(() => load(env));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toMatch(message);
  });

  it('lists every bad key at once', () => {
    const error = errorOf(() => load({ WORKER_CONCURRENCY: 'x', LOG_LEVEL: 'loud' }));
    expect(error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['WORKER_CONCURRENCY (environment)', 'LOG_LEVEL (environment)']));
  });

  it('names the YAML file and key for a bad value there', () => {
    const error = errorOf(() => load({}, 'maxLogBytes: -5\n'));
    expect(error.message).toContain(`maxLogBytes (${join(dir, 'cronboard.yaml')}): must be at least 1024`);
  });

  it('rejects unknown YAML keys (typos) and lists the known ones', () => {
    const error = errorOf(() => load({}, 'workerConcurency: 3\n'));
    expect(error.message).toMatch(/unknown key 'workerConcurency' \(known keys: databaseUrl, timezone, workerConcurrency/);
  });

  it('reports YAML syntax errors with line and column', () => {
    const error = errorOf(() => load({}, 'timezone: UTC\nworkerConcurrency: [1,\n'));
    expect(error.message).toMatch(/cronboard\.yaml is not valid YAML at line \d+, column \d+/);
  });

  it('rejects a YAML document that is not a mapping', () => {
    expect(errorOf(() => load({}, '- a\n- b\n')).message).toMatch(/must hold a mapping/);
  });

  it('fails when CRONBOARD_CONFIG points at a missing file', () => {
    expect(errorOf(() => load({ CRONBOARD_CONFIG: 'nope.yaml' })).message).toMatch(/CRONBOARD_CONFIG points to .*nope\.yaml, which does not exist/);
  });
});
