// GET /api/v1/runs/{id}/log: the run's log as text/plain (what Download gives,
// shown inline); `?follow=1` answers with the run log's server-sent events
// (`chunks` events, then `end` with the final status): the same handler as
// /api/runs/{id}/logs. docs/api-stream.md describes both.
import { exportRunLog } from '@/server/runs/export-run-log';
import { GET as followLog } from '../../../../runs/[id]/logs/route';
import { runRoute } from '../../../../runs/[id]/run-route';

export const dynamic = 'force-dynamic';

const plainLog = runRoute(async ({ runId, app }) => {
  const { text, complete } = await exportRunLog({ db: app.handle.db, runId });
  return new Response(text, {
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // Whether the run had finished when the log was read (the text may still grow otherwise).
      'X-Cronboard-Log-Complete': complete ? 'true' : 'false',
    },
  });
});

export function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const follow = new URL(request.url).searchParams.get('follow');
  return follow === '1' || follow === 'true' ? followLog(request, context) : plainLog(request, context);
}
