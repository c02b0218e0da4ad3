import { publicProcedure, router } from '../init';

export const sessionRouter = router({
  /** Who the browser is acting as (null when signed out); the UI disables controls the role may not use. */
  me: publicProcedure.query(({ ctx }) => (ctx.actor ? { type: ctx.actor.type, id: ctx.actor.id ?? null, name: ctx.actor.name, role: ctx.actor.role ?? null } : null)),
});
