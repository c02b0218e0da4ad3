import type { Actor } from '../auth/actor';
import { bootstrap, type Started } from '../bootstrap';

export interface Context {
  /** Who is calling; null when nobody is signed in. */
  actor: Actor | null;
  /** Configuration, database handle and logger, started lazily on first use. */
  app: () => Promise<Started>;
  headers: Headers;
}

/**
 * Until accounts land (issue 6), every request acts as a local operator-admin:
 * Cronboard runs on localhost only in this state. resolveActor is the one
 * place that decision lives; the auth issue replaces its body with sessions
 * and API tokens.
 */
export async function resolveActor(_headers: Headers): Promise<Actor | null> {
  return { type: 'user', id: 'local', name: 'local', role: 'admin' };
}

export async function createContext(options: { headers: Headers }): Promise<Context> {
  return {
    actor: await resolveActor(options.headers),
    app: () => bootstrap('web'),
    headers: options.headers,
  };
}
