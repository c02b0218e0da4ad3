// Who a credential (Bearer token or session cookie) belongs to, remembered for
// a few seconds per database handle, so a burst of API requests reads the
// token once instead of once per request (issue 12: resolving the token cost
// more than the page it guarded).
//
// The rules (decided): a revocation, a role change, a user disabled or a
// sign-out made through this process's services takes effect at once (they
// call forgetCredential / forgetUser); one made by another process (another
// web process, the CLI) within IDENTITY_CACHE_TTL_MS, when this process next
// reads the database. Only credentials that verified are remembered.
import type { Db } from '../db';
import type { RequestIdentity } from './resolve-actor';

/** How long a verified credential is trusted without reading the database again. */
export const IDENTITY_CACHE_TTL_MS = 5_000;
/** Bounded: emptied when it reaches this many entries. */
const MAX_ENTRIES = 10_000;

interface Entry {
  identity: RequestIdentity;
  /** The token's or session's id. */
  credentialId: string;
  secretHash: string;
  userId: string;
  /** Epoch ms: the cache's TTL or the credential's own expiry, whichever comes first. */
  until: number;
}

interface Cache {
  entries: Map<string, Entry>;
  /** Bumped by every eviction: a lookup that started before one does not store what it read. */
  generation: number;
}

// On globalThis: the Next.js server bundles this module into more than one chunk
// (see server/db/client.ts), and every copy must see the same caches.
const store = globalThis as unknown as { __cronboardIdentityCaches?: WeakMap<Db, Cache> };
const caches = (store.__cronboardIdentityCaches ??= new WeakMap<Db, Cache>());

function cacheOf(db: Db): Cache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { entries: new Map(), generation: 0 }));
  return cache;
}

export interface VerifiedCredential {
  identity: RequestIdentity;
  credentialId: string;
  userId: string;
  /** The credential's own expiry, if any. */
  expiresAt: Date | null;
}

/**
 * The identity behind a credential (by the way it came and its secret's
 * hash), from the cache while it is fresh, else from `verify` (which reads
 * the database), remembered when it verified.
 */
export async function cachedIdentity(db: Db, via: 'bearer' | 'cookie', secretHash: string, now: Date, verify: () => Promise<VerifiedCredential | null>): Promise<RequestIdentity | null> {
  const cache = cacheOf(db);
  // The way it came is part of the key: a session's secret sent as a Bearer token is not a token.
  const key = `${via}:${secretHash}`;
  const hit = cache.entries.get(key);
  if (hit && hit.until > now.getTime()) return hit.identity;
  if (hit) cache.entries.delete(key);
  const generation = cache.generation;
  const verified = await verify();
  if (!verified) return null;
  if (generation === cache.generation) {
    if (cache.entries.size >= MAX_ENTRIES) cache.entries.clear();
    const until = Math.min(now.getTime() + IDENTITY_CACHE_TTL_MS, verified.expiresAt?.getTime() ?? Infinity);
    cache.entries.set(key, { identity: verified.identity, credentialId: verified.credentialId, secretHash, userId: verified.userId, until });
  }
  return verified.identity;
}

function forget(db: Db, matches: (entry: Entry) => boolean): void {
  const cache = cacheOf(db);
  cache.generation++;
  for (const [key, entry] of cache.entries) if (matches(entry)) cache.entries.delete(key);
}

/** A session signed out (by its secret's hash): its next request reads the database again. */
export function forgetSecret(db: Db, secretHash: string): void {
  forget(db, (entry) => entry.secretHash === secretHash);
}

/** A token revoked: its next request reads the database again. */
export function forgetCredential(db: Db, credentialId: string): void {
  forget(db, (entry) => entry.credentialId === credentialId);
}

/** A user's role changed or they were disabled: every token and session of theirs is read again. */
export function forgetUser(db: Db, userId: string): void {
  forget(db, (entry) => entry.userId === userId);
}
