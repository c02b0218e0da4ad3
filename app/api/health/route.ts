import { bootstrap } from '@/server/bootstrap';
import { getHealth } from '@/server/health/get-health';

export const dynamic = 'force-dynamic';

/** Liveness and database reachability, for load balancers and monitors. */
export async function GET(): Promise<Response> {
  try {
    const { handle, config } = await bootstrap('web');
    const health = await getHealth({ handle, leaseSeconds: config.leaseSeconds });
    return Response.json(health, { status: health.ok ? 200 : 503 });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return Response.json({ ok: false, error: message }, { status: 503 });
  }
}
