// Bundled only by Next.js (route handler, server components); never by the CLI or worker, where 'server-only' throws.
import 'server-only';
import { router } from '../init';
import { boardRouter } from './board';
import { eventsRouter } from './events';
import { healthProcedure } from './health';
import { jobsRouter } from './jobs';
import { runsRouter } from './runs';
import { schedulesRouter } from './schedules';
import { schedulerRouter } from './scheduler';
import { searchRouter } from './search';
import { sessionRouter } from './session';
import { tasksRouter } from './tasks';
import { tokensRouter } from './tokens';
import { usersRouter } from './users';
import { webhooksRouter } from './webhooks';
import { alertsRouter } from './alerts';
import { workersRouter } from './workers';

export const appRouter = router({
  health: healthProcedure,
  tasks: tasksRouter,
  board: boardRouter,
  runs: runsRouter,
  schedules: schedulesRouter,
  search: searchRouter,
  workers: workersRouter,
  events: eventsRouter,
  session: sessionRouter,
  users: usersRouter,
  tokens: tokensRouter,
  jobs: jobsRouter,
  webhooks: webhooksRouter,
  scheduler: schedulerRouter,
  alerts: alertsRouter,
});

export type AppRouter = typeof appRouter;
