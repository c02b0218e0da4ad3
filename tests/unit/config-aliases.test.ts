// cronboard.yaml keys of the tools people come from (issue 11 item 8): a YAML
// job daemon's config/scheduler.yaml and a scheduler module's `config:` block,
// mapped to Cronboard's keys; both spellings of one key is an error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { invalidConfigMessage } from './helpers/config-errors';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cronboard-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function load(yaml: string, env: Record<string, string> = {}) {
  writeFileSync(join(dir, 'cronboard.yaml'), yaml);
  return loadConfig({ env, cwd: dir });
}

const messageOf = invalidConfigMessage;

describe('configuration aliases', () => {
  it("reads a YAML job daemon's config/scheduler.yaml keys", () => {
    const config = load(
      ['poll_interval_seconds: 5', 'default_timeout_seconds: 300', 'max_concurrent_jobs: 3', 'log_level: WARN', 'log_file: /tmp/x.log'].join('\n'),
    );
    expect(config).toMatchObject({ pollIntervalMs: 5000, defaultTimeoutSeconds: 300, workerConcurrency: 3, logLevel: 'warn', logFile: '/tmp/x.log' });
  });

  it("reads a scheduler module's config: block, converting milliseconds", () => {
    const config = load(
      [
        'config:',
        '  maxConcurrentTasks: 6',
        '  defaultRetries: 2',
        '  retryDelay: 1500',
        '  tickInterval: 250',
        '  taskTimeout: 60000',
        '  cleanupInterval: 3600000',
        '  historyRetentionDays: 14',
      ].join('\n'),
    );
    expect(config).toMatchObject({
      workerConcurrency: 6,
      defaultMaxRetries: 2,
      defaultRetryDelaySeconds: 2,
      pollIntervalMs: 250,
      defaultTimeoutSeconds: 60,
      historyRetentionDays: 14,
    });
  });

  it.each([
    ['workerConcurrency: 2\nmax_concurrent_jobs: 3', "'workerConcurrency' and 'max_concurrent_jobs' are the same setting (workerConcurrency)"],
    ['max_concurrent_jobs: 3\nconfig:\n  maxConcurrentTasks: 4', "'max_concurrent_jobs' and 'config.maxConcurrentTasks' are the same setting (workerConcurrency)"],
    ['logLevel: info\nlog_level: debug', "'logLevel' and 'log_level' are the same setting (logLevel)"],
    ['config:\n  maxTasks: 4', "unknown key 'config.maxTasks'"],
    ['config: 3', "'config' must be a mapping"],
  ])('refuses %j', (yaml, message) => {
    expect(messageOf(() => load(yaml))).toContain(message);
  });

  it('names the key as written when an aliased value is invalid', () => {
    expect(messageOf(() => load('max_concurrent_jobs: lots'))).toMatch(/workerConcurrency .*must be a number/);
  });

  it('the environment still wins over an aliased key', () => {
    expect(load('max_concurrent_jobs: 3', { WORKER_CONCURRENCY: '9' }).workerConcurrency).toBe(9);
  });

  it('takes LOG_LEVEL in any case', () => {
    expect(load('', { LOG_LEVEL: 'INFO' }).logLevel).toBe('info');
    expect(load('log_level: Debug').logLevel).toBe('debug');
  });

  it('defaults new tasks to no retries after 30 s unless configured', () => {
    expect(load('')).toMatchObject({ defaultMaxRetries: 0, defaultRetryDelaySeconds: 30 });
    expect(load('', { DEFAULT_MAX_RETRIES: '3', DEFAULT_RETRY_DELAY_SECONDS: '10' })).toMatchObject({ defaultMaxRetries: 3, defaultRetryDelaySeconds: 10 });
  });
});
