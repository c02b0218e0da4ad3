// A run's whole log as a text file (Content-Disposition: attachment).
import { authorizeRequest } from '@/server/auth/authorize-request';
import { bootstrap } from '@/server/bootstrap';
import { isAppError } from '@/server/errors';
import { exportRunLog } from '@/server/runs/export-run-log';
import { parseRunId } from '../../params';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRequest(request, 'viewer');
  if (!auth.ok) return auth.response;
  const run = await parseRunId(params);
  if (!run.ok) return run.response;
  const { handle, logger } = await bootstrap('web');
  try {
    const { text } = await exportRunLog({ db: handle.db, runId: run.id });
    return new Response(text, {
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Disposition': `attachment; filename="run-${run.id}.log"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return Response.json({ error: error.message }, { status: 404 });
    logger.error({ err: error, runId: run.id }, 'run log download failed');
    return Response.json({ error: 'The log could not be read; the details are in the server log.' }, { status: 500 });
  }
}
