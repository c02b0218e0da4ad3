import { countFailingTasks } from '../../board/count-failing-tasks';
import { getBoard } from '../../board/get-board';
import { moveTask } from '../../board/move-task';
import { quickAddTask } from '../../board/quick-add-task';
import { boardMoveSchema, quickAddSchema, wipLimitSchema } from '../../board/schemas';
import { setWipLimit } from '../../board/set-wip-limit';
import { editorProcedure, operatorProcedure, router, viewerProcedure } from '../init';

export const boardRouter = router({
  /** Columns (WIP limits, counts), tasks in board order, running and queued runs. */
  get: viewerProcedure.query(async ({ ctx }) => {
    const { handle } = await ctx.app();
    return getBoard({ db: handle.db });
  }),
  /** How many tasks are failing (the header's count; the board's `?last=failing` lists them). */
  failingCount: viewerProcedure.query(async ({ ctx }) => {
    const { handle } = await ctx.app();
    return countFailingTasks({ db: handle.db });
  }),
  move: operatorProcedure.input(boardMoveSchema).mutation(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return moveTask({ db: handle.db, ...input, actor: ctx.actor });
  }),
  /** Arranging the board is the team's work, like moving cards: operator, not an admin setting. */
  setWipLimit: operatorProcedure.input(wipLimitSchema).mutation(async ({ ctx, input }) => {
    const { handle } = await ctx.app();
    return setWipLimit({ db: handle.db, ...input, actor: ctx.actor });
  }),
  /** Quick add creates a shell task: defining what runs is the editor's. */
  quickAdd: editorProcedure.input(quickAddSchema).mutation(async ({ ctx, input }) => {
    const { handle, config } = await ctx.app();
    return quickAddTask({ db: handle.db, input, actor: ctx.actor, defaultTimezone: config.timezone });
  }),
});
