import type { Actor } from '../server/auth/actor';

/**
 * Who the CLI acts as. The CLI needs direct access to the database (its URL and
 * file permissions), which is already full control; so a person at the
 * terminal acts as an admin, named after their login so the audit log says who.
 */
export function cliActor(): Actor {
  return { type: 'user', id: 'cli', name: process.env.USER ?? 'cli', role: 'admin' };
}
