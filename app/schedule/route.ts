// POST /schedule: the schedule-server compatibility API (server/compat/schedule-server.ts).
import { handleScheduleServerRequest } from '@/server/compat/schedule-server';

export const dynamic = 'force-dynamic';

export const POST = (request: Request) => handleScheduleServerRequest(request);
