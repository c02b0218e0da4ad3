// `cronboard user ...` and `cronboard token ...` through the real CLI process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveApiToken } from '../../server/auth/api-tokens';
import { signIn } from '../../server/auth/sign-in';
import { cleanEnv, finished, runCli, TSX } from './helpers/processes';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const PASSWORD = 'correct horse battery';

describe(`cronboard user and token commands on ${testProvider()}`, () => {
  const testDb = useTestDatabase();
  const env = () => ({ DATABASE_URL: testDb.url, CRONBOARD_DEMO: 'false', LOG_LEVEL: 'warn', USER: 'alice' });
  const cli = (...args: string[]) => runCli(args, env());
  /** The CLI with `stdin` piped in (for --password-stdin). */
  const cliWithStdin = (stdin: string, ...args: string[]) => {
    const child = spawn(TSX, [join(process.cwd(), 'cli/main.ts'), ...args], { env: cleanEnv(env()) });
    child.stdin.end(stdin);
    return finished(child);
  };

  it('adds users (password from stdin or a flag), lists them, changes a role and disables a user', { timeout: 180_000 }, async () => {
    const admin = await cliWithStdin(`${PASSWORD}\n`, 'user', 'add', '--email', 'Admin@Example.test', '--role', 'admin', '--password-stdin');
    expect(admin.code, admin.stderr).toBe(0);
    expect(admin.stdout.trim()).toBe('Added admin@example.test (admin).');
    const op = await cli('user', 'add', '--email', 'op@example.test', '--role', 'viewer', '--name', 'Oscar', '--password', PASSWORD, '--json');
    expect(op.code, op.stderr).toBe(0);
    expect(JSON.parse(op.stdout)).toMatchObject({ email: 'op@example.test', name: 'Oscar', role: 'viewer', disabledAt: null });

    // The stored hash signs in; the password itself is nowhere in the database.
    expect(await signIn({ db: testDb.db, email: 'admin@example.test', password: PASSWORD, ip: 'cli-test' })).toMatchObject({ ok: true });
    expect(JSON.stringify(await testDb.db.user.findMany())).not.toContain(PASSWORD);

    expect((await cli('user', 'set-role', 'op@example.test', 'operator')).stdout.trim()).toBe('op@example.test is now operator.');
    const list = await cli('user', 'list', '--json');
    expect((JSON.parse(list.stdout) as { email: string; role: string }[]).map((u) => [u.email, u.role])).toEqual([
      ['admin@example.test', 'admin'],
      ['op@example.test', 'operator'],
    ]);
    const table = await cli('user', 'list');
    expect(table.stdout).toMatch(/EMAIL\s+NAME\s+ROLE\s+STATUS/);
    expect(table.stdout).toMatch(/op@example\.test\s+Oscar\s+operator\s+active/);

    expect((await cli('user', 'disable', 'op@example.test')).code).toBe(0);
    expect(await signIn({ db: testDb.db, email: 'op@example.test', password: PASSWORD, ip: 'cli-test-2' })).toMatchObject({ ok: false });
    expect((await cli('user', 'list')).stdout).toMatch(/op@example\.test\s+Oscar\s+operator\s+disabled/);

    const events = await testDb.db.event.findMany({ where: { type: { startsWith: 'user.' } }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.type, e.actorName])).toEqual([
      ['user.created', 'alice'],
      ['user.created', 'alice'],
      ['user.login', 'admin@example.test'],
      ['user.role_changed', 'alice'],
      ['user.disabled', 'alice'],
    ]);
  });

  it('adds an editor and moves an operator up to editor (the role that defines what runs)', { timeout: 120_000 }, async () => {
    const added = await cli('user', 'add', '--email', 'ed@example.test', '--role', 'editor', '--password', PASSWORD, '--json');
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ email: 'ed@example.test', role: 'editor' });
    const promoted = await cli('user', 'set-role', 'op@example.test', 'editor');
    expect([promoted.code, promoted.stdout.trim()]).toEqual([0, 'op@example.test is now editor.']);
    expect((await testDb.db.user.findUnique({ where: { email: 'op@example.test' } }))?.role).toBe('editor');
  });

  it('rejects bad input with exit status 2 and a message naming the flag', { timeout: 120_000 }, async () => {
    const cases: [string[], RegExp][] = [
      [['user', 'add', '--email', 'nope', '--role', 'admin', '--password', PASSWORD], /--email: must be an email address/],
      [['user', 'add', '--email', 'x@example.test', '--role', 'root', '--password', PASSWORD], /--role: must be one of viewer, operator, editor, admin/],
      [['user', 'add', '--email', 'x@example.test', '--role', 'viewer', '--password', 'short'], /--password: must be at least 10 characters/],
      [['user', 'add', '--email', 'x@example.test', '--role', 'viewer'], /a password is needed/],
      [['token', 'create', '--user', 'admin@example.test', '--name', 'x', '--expires', 'tomorrow'], /--expires: must be/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    }
    const dup = await cli('user', 'add', '--email', 'admin@example.test', '--role', 'viewer', '--password', PASSWORD);
    expect(dup.code).toBe(1);
    expect(dup.stderr.trim()).toBe("cronboard: A user with email 'admin@example.test' already exists");
  });

  it('creates a token printed once (only the token on stdout), lists it without the secret, and revokes it', { timeout: 120_000 }, async () => {
    const created = await cli('token', 'create', '--user', 'admin@example.test', '--name', 'deploy');
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^cbt_[\w-]{43}$/);
    expect(created.stderr).toMatch(/shown only this once/);
    expect(await resolveApiToken({ db: testDb.db, token })).toMatchObject({ type: 'token', tokenName: 'deploy', role: 'admin' });

    const asJson = await cli('token', 'create', '--user', 'admin@example.test', '--name', 'ci', '--expires', '2099-01-01', '--json');
    const parsed = JSON.parse(asJson.stdout) as { token: string; name: string; expiresAt: string; user: { email: string } };
    expect(parsed).toMatchObject({ name: 'ci', user: { email: 'admin@example.test' } });
    expect(parsed.expiresAt).toMatch(/^2099-01-01/);

    const list = await cli('token', 'list', '--json');
    expect(list.stdout).not.toContain(token);
    const tokens = JSON.parse(list.stdout) as { id: string; name: string }[];
    const deploy = tokens.find((t) => t.name === 'deploy')!;
    expect((await cli('token', 'revoke', deploy.id)).stdout.trim()).toBe("Revoked 'deploy' (admin@example.test).");
    expect(await resolveApiToken({ db: testDb.db, token })).toBeNull();

    const none = await cli('token', 'create', '--user', 'ghost@example.test', '--name', 'x');
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe("cronboard: No user with email 'ghost@example.test'");
  });

  it('creates a token with a role below its user\'s (--role), and refuses one above or not a role', { timeout: 120_000 }, async () => {
    const created = await cli('token', 'create', '--user', 'admin@example.test', '--name', 'dashboards', '--role', 'viewer');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toMatch(/\(viewer\)/);
    expect(await resolveApiToken({ db: testDb.db, token: created.stdout.trim() })).toMatchObject({ tokenName: 'dashboards', role: 'viewer' });
    const list = JSON.parse((await cli('token', 'list', '--json')).stdout) as { name: string; role: string | null }[];
    expect(list.find((t) => t.name === 'dashboards')?.role).toBe('viewer');
    const bad = await cli('token', 'create', '--user', 'admin@example.test', '--name', 'x', '--role', 'root');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--role/);
  });
});
