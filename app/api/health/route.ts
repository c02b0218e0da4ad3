import { bootstrap } from '@/server/bootstrap';
import { getHealth } from '@/server/health/get-health';

export const dynamic = 'force-dynamic';

/** Liveness and whether the database can be written, for load balancers and monitors: 503 with the reason when not. */
export async function GET(): Promise<Response> {
  try {
    const { handle, config } = await bootstrap('web');
    const health = await getHealth({ handle, leaseSeconds: config.leaseSeconds });
    return Response.json(health, { status: health.ok ? 200 : 503 });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const database = { ok: false, code: 'unreachable', reason: message };
    return Response.json({ status: 'error', ok: false, checks: { database }, database, error: message }, { status: 503 });
  }
}
