import { createUser } from '../../users/create-user';
import { listUsers } from '../../users/list-users';
import { createUserInput, setRoleInput, userEmailInput } from '../../users/schemas';
import { setUserDisabled, setUserRole } from '../../users/update-user';
import { adminProcedure, router } from '../init';

export const usersRouter = router({
  list: adminProcedure.query(async ({ ctx }) => listUsers({ db: ctx.db })),
  create: adminProcedure
    .input(createUserInput)
    .mutation(async ({ ctx, input }) => createUser({ db: ctx.db, ...input, actor: ctx.actor })),
  setRole: adminProcedure
    .input(setRoleInput)
    .mutation(async ({ ctx, input }) => setUserRole({ db: ctx.db, ...input, actor: ctx.actor })),
  disable: adminProcedure
    .input(userEmailInput)
    .mutation(async ({ ctx, input }) =>
      setUserDisabled({ db: ctx.db, email: input.email, disabled: true, actor: ctx.actor }),
    ),
  enable: adminProcedure
    .input(userEmailInput)
    .mutation(async ({ ctx, input }) =>
      setUserDisabled({ db: ctx.db, email: input.email, disabled: false, actor: ctx.actor }),
    ),
});
