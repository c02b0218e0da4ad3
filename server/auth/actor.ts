// Who did something: recorded on every Event.
export type ActorType = 'user' | 'token' | 'worker' | 'system';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  type: ActorType;
  /** User id for users, token id for tokens. */
  id?: string;
  /** Users: their email. Tokens: "token name (owner's email)", so the audit log names both. */
  name: string;
  role?: Role;
  /** The signed-in user, or for a token the user it belongs to. */
  user?: { id: string; email: string };
  /** For tokens: the token's own name. */
  tokenName?: string;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', name: 'system', role: 'admin' };

export function roleAtLeast(role: Role | undefined, needed: Role): boolean {
  if (!role) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
