// Who did something: recorded on every Event.
export type ActorType = 'user' | 'token' | 'worker' | 'system';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  type: ActorType;
  id?: string;
  name: string;
  role?: Role;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', name: 'system', role: 'admin' };

export function roleAtLeast(role: Role | undefined, needed: Role): boolean {
  if (!role) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
