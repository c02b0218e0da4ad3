import type { Actor } from '../server/auth/actor';

/**
 * Who the CLI acts as. Until accounts land (issue 6) a local user at the
 * terminal is an admin, named after the login so the audit log says who it was.
 */
export function cliActor(): Actor {
  return { type: 'user', id: 'cli', name: process.env.USER ?? 'cli', role: 'admin' };
}
