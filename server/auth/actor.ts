// Who did something: recorded on every Event.
export type ActorType = 'user' | 'token' | 'worker' | 'system';

/**
 * Lowest to highest; each role may do everything the ones before it may.
 * viewer reads · operator runs, cancels, pauses, moves and edits board fields ·
 * editor also defines what runs (creates, deletes and edits task definitions) ·
 * admin also manages users, tokens and settings.
 */
export const ROLES = ['viewer', 'operator', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** One line per role, for the Users page and help texts. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'reads everything, changes nothing',
  operator: 'runs, cancels, pauses and moves tasks; edits their name, description, priority, labels and assignee',
  editor: 'also creates, duplicates, deletes and edits what tasks run (command, HTTP, handler, payload, directory, environment, schedule, policies)',
  admin: 'also manages users, API tokens and settings',
};

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

/** What an anonymous caller is told, by tRPC, REST and the route handlers alike. */
export const SIGN_IN_FIRST = 'Sign in first (session cookie or Authorization: Bearer token).';
