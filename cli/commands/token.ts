// Token commands: token create / list / revoke. Thin over server/auth/api-tokens.
import type { Command } from 'commander';
import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken } from '../../server/auth/api-tokens';
import { ROLES } from '../../server/auth/actor';
import { emailSchema, tokenNameSchema } from '../../server/users/schemas';
import { cliActor } from '../actor';
import { cliDb } from '../database';
import { processIO, type CliIO } from '../io';
import { json, jsonCommand, table, utc } from './format';
import { flag } from './zod-flags';

const expiresSchema = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { message: 'must be a date like 2027-01-31 or a date-time like 2027-01-31T00:00:00Z' });

export function registerTokenCommands(program: Command, io: CliIO = processIO): void {
  const token = program.command('token').description('API tokens for scripts (sent as Authorization: Bearer)');

  token
    .command('create')
    .description("create a token for a user (it carries the user's role); printed once")
    .requiredOption('--user <email>', 'the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for, shown in the audit log')
    .option('--expires <date>', 'expiry, ISO date or date-time (default: never)')
    .option('--role <role>', `least privilege: a role below the user's (${ROLES.join(', ')}; default: the user's role)`)
    .option('--json', 'print JSON')
    .action(async (opts: { user: string; name: string; expires?: string; role?: string; json?: boolean }) => {
      const email = flag('--user', emailSchema, opts.user);
      const name = flag('--name', tokenNameSchema, opts.name);
      const expiresAt = opts.expires === undefined ? null : new Date(flag('--expires', expiresSchema, opts.expires));
      const role = opts.role === undefined ? null : flag('--role', z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }), opts.role);
      const created = await createApiToken({ db: await cliDb(), email, name, expiresAt, role, actor: cliActor() });
      if (opts.json) return io.stdout(json({ token: created.token, ...created.summary }));
      io.stdout(`${created.token}\n`);
      // On stderr, so `TOKEN=$(cronboard token create ...)` captures only the token.
      process.stderr.write(`Token '${created.summary.name}' for ${email} (${created.summary.role ?? created.summary.user.role}). It is shown only this once: store it now.\n`);
    });

  jsonCommand(token, 'list', 'all tokens (never their secrets)')
    .action(async (opts: { json?: boolean }) => {
      const tokens = await listApiTokens({ db: await cliDb() });
      if (opts.json) return io.stdout(json(tokens));
      io.stdout(
        tokens.length === 0
          ? 'No tokens yet.'
          : table([
              ['ID', 'NAME', 'PREFIX', 'USER', 'ROLE', 'LAST USED (UTC)', 'EXPIRES (UTC)', 'STATUS'],
              ...tokens.map((t) => [t.id, t.name, `${t.prefix}…`, t.user.email, t.role ?? t.user.role, utc(t.lastUsedAt), utc(t.expiresAt), t.revokedAt ? 'revoked' : 'active']),
            ]),
      );
    });

  token
    .command('revoke')
    .description('revoke a token at once')
    .argument('<id>', 'the token id (see `cronboard token list`)')
    .action(async (id: string) => {
      const revoked = await revokeApiToken({ db: await cliDb(), id, actor: cliActor() });
      io.stdout(`Revoked '${revoked.name}' (${revoked.user.email}).`);
    });
}
