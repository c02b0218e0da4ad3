// A run's whole log as a text file (Content-Disposition: attachment).
import { exportRunLog } from '@/server/runs/export-run-log';
import { runRoute } from '../../run-route';

export const dynamic = 'force-dynamic';

export const GET = runRoute(async ({ runId, app }) => {
  const { text } = await exportRunLog({ db: app.handle.db, runId });
  return new Response(text, {
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Disposition': `attachment; filename="run-${runId}.log"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
