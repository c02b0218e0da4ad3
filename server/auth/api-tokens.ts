import type { Db } from '../db';
import { AppError } from '../errors';
import { recordEvent } from '../events/record-event';
import { LATEST_TOKEN_EXPIRY } from '../users/schemas';
import { isRole, roleAtLeast, type Actor, type Role } from './actor';
import { forgetCredential } from './identity-cache';
import { hashSecretToken, newSecretToken } from './secret-token';

/** lastUsedAt is written at most once a minute per token, not on every request. */
const LAST_USED_EVERY_MS = 60_000;

export interface ApiTokenSummary {
  id: string;
  name: string;
  prefix: string;
  user: { id: string; email: string; role: string };
  /** The token's own role, below its user's (least privilege); null: the user's role. */
  role: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** Past its expiry (computed when listed). */
  expired: boolean;
}

const summarySelect = {
  id: true, name: true, prefix: true, role: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true,
  user: { select: { id: true, email: true, role: true } },
} as const;

/**
 * Creates a token for a user. It carries that user's role, or `role` when
 * given, which may not be above the user's (the token then acts with the
 * lower of the two, even if the user is promoted later). The secret is
 * returned once and stored only as a hash.
 */
export async function createApiToken(options: { db: Db; email: string; name: string; expiresAt?: Date | null; role?: Role | null; actor: Actor }): Promise<{ token: string; summary: ApiTokenSummary }> {
  const email = options.email.trim().toLowerCase();
  const user = await options.db.user.findUnique({ where: { email } });
  if (!user) throw new AppError('NOT_FOUND', `No user with email '${email}'`);
  if (user.disabledAt) throw new AppError('CONFLICT', `User '${email}' is disabled; enable them before creating tokens.`);
  if (options.expiresAt && options.expiresAt.getTime() <= Date.now()) {
    throw new AppError('BAD_REQUEST', 'expiresAt: must be in the future', { issues: [{ path: 'expiresAt', message: 'must be in the future' }] });
  }
  if (options.expiresAt && !(options.expiresAt.getTime() <= LATEST_TOKEN_EXPIRY.getTime())) {
    throw new AppError('BAD_REQUEST', 'expiresAt: must be no later than the year 9999', { issues: [{ path: 'expiresAt', message: 'must be no later than the year 9999' }] });
  }
  if (options.role && isRole(user.role) && !roleAtLeast(user.role, options.role)) {
    const message = `must not be above the user's role (${user.role})`;
    throw new AppError('BAD_REQUEST', `role: ${message}`, { issues: [{ path: 'role', message }] });
  }
  const token = newSecretToken('cbt');
  const created = await options.db.apiToken.create({
    data: { name: options.name, prefix: token.slice(0, 10), tokenHash: hashSecretToken(token), userId: user.id, expiresAt: options.expiresAt ?? null, role: options.role ?? null },
    select: summarySelect,
  });
  await recordEvent({ db: options.db, type: 'user.token_created', actor: options.actor, payload: { tokenId: created.id, name: created.name, user: email, role: created.role } });
  return { token, summary: withExpired(created) };
}

type TokenRow = Omit<ApiTokenSummary, 'expired'>;
const withExpired = (row: TokenRow, now = new Date()): ApiTokenSummary => ({ ...row, expired: !!row.expiresAt && row.expiresAt <= now });

export async function listApiTokens(options: { db: Db; now?: Date }): Promise<ApiTokenSummary[]> {
  const rows = await options.db.apiToken.findMany({ orderBy: { createdAt: 'desc' }, select: summarySelect });
  return rows.map((row) => withExpired(row, options.now));
}

export async function revokeApiToken(options: { db: Db; id: string; actor: Actor; now?: Date }): Promise<ApiTokenSummary> {
  const existing = await options.db.apiToken.findUnique({ where: { id: options.id }, select: summarySelect });
  if (!existing) throw new AppError('NOT_FOUND', `No API token with id '${options.id}'`);
  if (existing.revokedAt) return withExpired(existing);
  const revoked = await options.db.apiToken.update({ where: { id: options.id }, data: { revokedAt: options.now ?? new Date() }, select: summarySelect });
  forgetCredential(options.db, revoked.id);
  await recordEvent({ db: options.db, type: 'user.token_revoked', actor: options.actor, payload: { tokenId: revoked.id, name: revoked.name, user: revoked.user.email } });
  return withExpired(revoked);
}

/** The actor behind a Bearer token, or null when unknown, revoked, expired or its user is disabled. */
export async function resolveApiToken(options: { db: Db; token: string; now?: Date }): Promise<Actor | null> {
  return (await verifyApiToken({ ...options, tokenHash: hashSecretToken(options.token) }))?.actor ?? null;
}

/** resolveApiToken by the secret's hash, with what the identity cache needs (the token's expiry). */
export async function verifyApiToken(options: { db: Db; tokenHash: string; now?: Date }): Promise<{ actor: Actor & { id: string; user: { id: string } }; expiresAt: Date | null } | null> {
  const now = options.now ?? new Date();
  const row = await options.db.apiToken.findUnique({
    where: { tokenHash: options.tokenHash },
    include: { user: { select: { id: true, email: true, role: true, disabledAt: true } } },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || row.user.disabledAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
    await options.db.apiToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  const actor = {
    type: 'token' as const,
    id: row.id,
    name: `${row.name} (${row.user.email})`,
    tokenName: row.name,
    role: effectiveRole(row.user.role, row.role),
    user: { id: row.user.id, email: row.user.email },
  };
  return { actor, expiresAt: row.expiresAt };
}

/** A token acts with the lower of its own role and its user's. */
function effectiveRole(userRole: string, tokenRole: string | null): Role | undefined {
  if (!isRole(userRole)) return undefined;
  if (!tokenRole || !isRole(tokenRole)) return userRole;
  return roleAtLeast(userRole, tokenRole) ? tokenRole : userRole;
}
