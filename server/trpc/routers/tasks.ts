import { z } from 'zod';
import { getTask } from '../../tasks/get-task';
import { listTasks } from '../../tasks/list-tasks';
import { taskKeySchema } from '../../tasks/schemas';
import { router, viewerProcedure } from '../init';

export const tasksRouter = router({
  list: viewerProcedure.query(async ({ ctx }) => {
    const { handle } = await ctx.app();
    return listTasks({ db: handle.db });
  }),
  get: viewerProcedure.input(z.object({ key: taskKeySchema })).query(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return getTask({ db: handle.db, key: input.key });
  }),
});
