import { hasUsers } from '../../users/list-users';
import { z } from 'zod';
import { publicProcedure, router } from '../init';
import { meOutput } from '../openapi/outputs';

export const sessionRouter = router({
  /** Who the browser is acting as (null when signed out); the UI disables controls the role may not use. */
  me: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/me', tags: ['session'], summary: 'Who you are', description: 'The token (or signed-in user) and its role; null without credentials.', protect: false } })
    .input(z.void())
    .output(meOutput.nullable())
    .query(({ ctx }) =>
    ctx.actor
      ? {
          type: ctx.actor.type,
          id: ctx.actor.id ?? null,
          name: ctx.actor.name,
          email: ctx.actor.user?.email ?? null,
          role: ctx.actor.role ?? null,
        }
      : null,
  ),
  /** True while no user exists: the web app then shows the one-time setup page. */
  setupNeeded: publicProcedure.query(async ({ ctx }) => {
    const { handle } = await ctx.app();
    return !(await hasUsers({ db: handle.db }));
  }),
});
