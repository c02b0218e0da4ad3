// The REST task-queue compatibility API (README, "Migrating from a REST task-queue service"): a thin route over server/compat/task-queue.ts.
import { listExecutions } from '@/server/compat/task-queue';
import { taskQueueRoute } from '@/server/http/task-queue-route';

export const dynamic = 'force-dynamic';
export const GET = taskQueueRoute(listExecutions);
