import { countFailingTasks } from '../../board/count-failing-tasks';
import { getBoard } from '../../board/get-board';
import { moveTask } from '../../board/move-task';
import { quickAddTask } from '../../board/quick-add-task';
import { boardGetSchema, boardMoveSchema, quickAddSchema, wipLimitSchema } from '../../board/schemas';
import { setWipLimit } from '../../board/set-wip-limit';
import { editorProcedure, operatorProcedure, router, viewerProcedure } from '../init';

export const boardRouter = router({
  /** Columns (WIP limits, counts), tasks in board order, running and queued runs (or each column's first tasks). */
  get: viewerProcedure.input(boardGetSchema).query(({ ctx, input }) => getBoard({ db: ctx.db, firstPerColumn: input?.firstPerColumn })),
  /** How many tasks are failing (the header's count; the board's `?last=failing` lists them). */
  failingCount: viewerProcedure.query(({ ctx }) => countFailingTasks({ db: ctx.db })),
  move: operatorProcedure.input(boardMoveSchema).mutation(({ ctx, input }) => moveTask({ db: ctx.db, ...input, actor: ctx.actor })),
  /** Arranging the board is the team's work, like moving cards: operator, not an admin setting. */
  setWipLimit: operatorProcedure.input(wipLimitSchema).mutation(({ ctx, input }) => setWipLimit({ db: ctx.db, ...input, actor: ctx.actor })),
  /** Quick add creates a shell task: defining what runs is the editor's. */
  quickAdd: editorProcedure.input(quickAddSchema).mutation(({ ctx, input }) => quickAddTask({ db: ctx.db, input, actor: ctx.actor, defaultTimezone: ctx.config.timezone })),
});
