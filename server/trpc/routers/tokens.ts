import { createApiToken, listApiTokens, revokeApiToken } from '../../auth/api-tokens';
import { createTokenInput, tokenIdInput } from '../../users/schemas';
import { adminProcedure, router } from '../init';

export const tokensRouter = router({
  list: adminProcedure.query(async ({ ctx }) => listApiTokens({ db: ctx.db })),
  /** Returns the secret once; only its hash is stored. */
  create: adminProcedure.input(createTokenInput).mutation(async ({ ctx, input }) =>
    createApiToken({ db: ctx.db, email: input.email, name: input.name, expiresAt: input.expiresAt ?? null, role: input.role ?? null, actor: ctx.actor }),
  ),
  revoke: adminProcedure.input(tokenIdInput).mutation(async ({ ctx, input }) => revokeApiToken({ db: ctx.db, id: input.id, actor: ctx.actor })),
});
