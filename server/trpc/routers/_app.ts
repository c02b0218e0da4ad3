import { router } from '../init';
import { eventsRouter } from './events';
import { healthProcedure } from './health';
import { runsRouter } from './runs';
import { schedulesRouter } from './schedules';
import { tasksRouter } from './tasks';
import { workersRouter } from './workers';

export const appRouter = router({
  health: healthProcedure,
  tasks: tasksRouter,
  runs: runsRouter,
  schedules: schedulesRouter,
  workers: workersRouter,
  events: eventsRouter,
});

export type AppRouter = typeof appRouter;
