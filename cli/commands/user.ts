// User commands: user add / list / set-role / disable / enable. Thin over server/users.
import type { Command } from 'commander';
import { createUser } from '../../server/users/create-user';
import { listUsers } from '../../server/users/list-users';
import { emailSchema, passwordSchema, roleSchema, userNameSchema } from '../../server/users/schemas';
import { setUserDisabled, setUserRole } from '../../server/users/update-user';
import { cliActor } from '../actor';
import { cliDb } from '../database';
import { processIO, type CliIO } from '../io';
import { json, jsonCommand, table, usageError, utc } from './format';
import { flag } from './zod-flags';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw usageError('--password-stdin: nothing is piped in (try: echo "$PASSWORD" | cronboard user add ...)');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function registerUserCommands(program: Command, io: CliIO = processIO): void {
  const user = program.command('user').description('accounts: add, list, change role, disable');

  user
    .command('add')
    .description('add a user (the first one can be the admin the setup page would create)')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--role <role>', 'viewer, operator, editor or admin')
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option('--password <password>', 'password (visible in the process list: prefer --password-stdin)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'print JSON')
    .action(async (opts: { email: string; role: string; name?: string; password?: string; passwordStdin?: boolean; json?: boolean }) => {
      if (opts.password !== undefined && opts.passwordStdin) throw usageError('give either --password or --password-stdin, not both');
      if (opts.password === undefined && !opts.passwordStdin) throw usageError('a password is needed: --password P or --password-stdin');
      const email = flag('--email', emailSchema, opts.email);
      const role = flag('--role', roleSchema, opts.role);
      const name = opts.name === undefined ? undefined : flag('--name', userNameSchema, opts.name);
      const password = flag(opts.passwordStdin ? '--password-stdin' : '--password', passwordSchema, opts.passwordStdin ? await readStdin() : opts.password);
      const created = await createUser({ db: await cliDb(), email, name, password, role, actor: cliActor() });
      io.stdout(opts.json ? json(created) : `Added ${created.email} (${created.role}).`);
    });

  jsonCommand(user, 'list', 'all users')
    .action(async (opts: { json?: boolean }) => {
      const users = await listUsers({ db: await cliDb() });
      if (opts.json) return io.stdout(json(users));
      io.stdout(
        users.length === 0
          ? 'No users yet: add one with `cronboard user add --email E --role admin --password-stdin`.'
          : table([['EMAIL', 'NAME', 'ROLE', 'STATUS', 'LAST SIGN-IN (UTC)'], ...users.map((u) => [u.email, u.name, u.role, u.disabledAt ? 'disabled' : 'active', utc(u.lastLoginAt)])]),
      );
    });

  user
    .command('set-role')
    .description("change a user's role (their tokens carry the new role at once)")
    .argument('<email>')
    .argument('<role>', 'viewer, operator, editor or admin')
    .action(async (emailArg: string, roleArg: string) => {
      const email = flag('EMAIL', emailSchema, emailArg);
      const role = flag('ROLE', roleSchema, roleArg);
      const updated = await setUserRole({ db: await cliDb(), email, role, actor: cliActor() });
      io.stdout(`${updated.email} is now ${updated.role}.`);
    });

  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    user
      .command(name)
      .description(disabled ? 'stop a user signing in; ends their sessions, their tokens stop working' : 'let a disabled user sign in again')
      .argument('<email>')
      .action(async (emailArg: string) => {
        const email = flag('EMAIL', emailSchema, emailArg);
        const updated = await setUserDisabled({ db: await cliDb(), email, disabled, actor: cliActor() });
        io.stdout(`${updated.email} is ${disabled ? 'disabled' : 'enabled'}.`);
      });
  }
}
