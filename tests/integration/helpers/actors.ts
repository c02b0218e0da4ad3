import type { Actor, Role } from '../../../server/auth/actor';

/** A signed-in user acting with `role`; id and name default to the role, so events name it. */
export function userActor(role: Role, id: string = role, name: string = id): Actor {
  return { type: 'user', id, name, role };
}

/** A worker process as the actor of what it records (run.started, …). */
export function workerActor(id: string, name: string = id): Actor {
  return { type: 'worker', id, name };
}

/** The admin the service tests act as ("tester" in their events). */
export const tester: Actor = userActor('admin', 'test', 'tester');
