import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { resolveSecretFiles } from '../../server/config/secret-files';
import { invalidConfigMessage } from './helpers/config-errors';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cronboard-config-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const load = (env: Record<string, string>) => loadConfig({ env, cwd: dir });

const messageOf = invalidConfigMessage;

describe('DATABASE_URL_FILE and CRONBOARD_SECRET_KEY_FILE', () => {
  it('reads DATABASE_URL from the file, trimming the trailing newline', () => {
    writeFileSync(join(dir, 'db-url'), 'postgresql://cronboard:s3cret@db.internal/cronboard\n');
    const config = load({ DATABASE_URL_FILE: join(dir, 'db-url') });
    expect(config.databaseUrl).toBe('postgresql://cronboard:s3cret@db.internal/cronboard');
    expect(config.usesDefaultDatabase).toBe(false);
    expect(config.demo).toBe(false);
  });

  it('takes a relative path from $CREDENTIALS_DIRECTORY (systemd LoadCredential=), else from the working directory', () => {
    mkdirSync(join(dir, 'creds'));
    writeFileSync(join(dir, 'creds', 'database-url'), 'file:/srv/cronboard/from-credentials.db');
    writeFileSync(join(dir, 'database-url'), 'file:/srv/cronboard/from-cwd.db');
    expect(load({ DATABASE_URL_FILE: 'database-url', CREDENTIALS_DIRECTORY: join(dir, 'creds') }).databaseUrl).toBe(
      'file:/srv/cronboard/from-credentials.db',
    );
    expect(load({ DATABASE_URL_FILE: 'database-url' }).databaseUrl).toBe('file:/srv/cronboard/from-cwd.db');
  });

  it('reads CRONBOARD_SECRET_KEY from its file into the environment the configuration reads', () => {
    writeFileSync(join(dir, 'key'), '  c2VjcmV0LWtleS1ieXRlcw==  \n');
    const { env, origins } = resolveSecretFiles({ CRONBOARD_SECRET_KEY_FILE: join(dir, 'key'), OTHER: 'x' }, dir);
    expect(env.CRONBOARD_SECRET_KEY).toBe('c2VjcmV0LWtleS1ieXRlcw==');
    expect(env.OTHER).toBe('x');
    expect(origins.CRONBOARD_SECRET_KEY).toBe(`CRONBOARD_SECRET_KEY_FILE ${join(dir, 'key')}`);
  });

  it('refuses both the variable and its file', () => {
    writeFileSync(join(dir, 'db-url'), 'file:/x.db');
    expect(messageOf(() => load({ DATABASE_URL: 'file:/y.db', DATABASE_URL_FILE: join(dir, 'db-url') }))).toBe(
      'Invalid configuration: DATABASE_URL and DATABASE_URL_FILE are both set in the environment; set only one of them',
    );
    expect(messageOf(() => resolveSecretFiles({ CRONBOARD_SECRET_KEY: 'k', CRONBOARD_SECRET_KEY_FILE: '/k' }, dir))).toContain(
      'CRONBOARD_SECRET_KEY and CRONBOARD_SECRET_KEY_FILE are both set',
    );
  });

  it('names the variable and the file when it is missing, a directory, empty or unreadable', () => {
    const missing = join(dir, 'nope');
    expect(messageOf(() => load({ DATABASE_URL_FILE: missing }))).toBe(`Invalid configuration: DATABASE_URL_FILE (environment): cannot read ${missing}: no such file`);
    expect(messageOf(() => load({ DATABASE_URL_FILE: dir }))).toBe(`Invalid configuration: DATABASE_URL_FILE (environment): cannot read ${dir}: it is a directory`);
    writeFileSync(join(dir, 'empty'), ' \n');
    expect(messageOf(() => load({ DATABASE_URL_FILE: join(dir, 'empty') }))).toBe(
      `Invalid configuration: DATABASE_URL_FILE (environment): ${join(dir, 'empty')} is empty`,
    );
    if (process.getuid?.() !== 0) {
      // root reads any file; the permission case only exists for others.
      writeFileSync(join(dir, 'locked'), 'file:/x.db');
      chmodSync(join(dir, 'locked'), 0o000);
      expect(messageOf(() => load({ DATABASE_URL_FILE: join(dir, 'locked') }))).toContain('permission denied');
    }
  });

  it('says a bad value came from the file, without echoing the secret', () => {
    writeFileSync(join(dir, 'db-url'), 'mysql://u:pw@host/db');
    const message = messageOf(() => load({ DATABASE_URL_FILE: join(dir, 'db-url') }));
    expect(message).toContain(`DATABASE_URL (from DATABASE_URL_FILE ${join(dir, 'db-url')}): must start with file:`);
    expect(message).not.toContain('pw');
  });

  it('ignores an empty NAME_FILE, like any empty variable', () => {
    expect(load({ DATABASE_URL_FILE: '' }).usesDefaultDatabase).toBe(true);
  });
});

describe('task environment and identity settings', () => {
  it('parses TASK_ENV_PASSTHROUGH as a list of names (comma, colon or space separated; PREFIX_* allowed)', () => {
    expect(load({}).taskEnvPassthrough).toEqual([]);
    expect(load({ TASK_ENV_PASSTHROUGH: 'HTTPS_PROXY, NO_PROXY:AWS_* JAVA_HOME' }).taskEnvPassthrough).toEqual([
      'HTTPS_PROXY',
      'NO_PROXY',
      'AWS_*',
      'JAVA_HOME',
    ]);
    writeFileSync(join(dir, 'cronboard.yaml'), 'taskEnvPassthrough: [HTTP_PROXY, SSL_CERT_FILE]\n');
    expect(load({}).taskEnvPassthrough).toEqual(['HTTP_PROXY', 'SSL_CERT_FILE']);
  });

  it('refuses a passthrough entry that is not a variable name, naming it', () => {
    expect(messageOf(() => load({ TASK_ENV_PASSTHROUGH: 'GOOD,BAD-NAME' }))).toContain(
      "TASK_ENV_PASSTHROUGH (environment)[1]: 'BAD-NAME' is not a variable name",
    );
  });

  it('reads TASK_USER and TASK_GROUP, and refuses a group without a user', () => {
    expect(load({ TASK_USER: 'cronboard-task', TASK_GROUP: 'cronboard-task' })).toMatchObject({ taskUser: 'cronboard-task', taskGroup: 'cronboard-task' });
    expect(load({}).taskUser).toBeUndefined();
    expect(messageOf(() => load({ TASK_GROUP: 'cronboard-task' }))).toContain('TASK_GROUP (environment): needs TASK_USER as well');
    expect(messageOf(() => load({ TASK_USER: 'bad user' }))).toContain('TASK_USER (environment): must be a user or group name');
  });
});
