import { createHash, timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';
import { authorizeRequest } from '../auth/authorize-request';
import { bootstrap } from '../bootstrap';
import { AppError, errorResponse } from '../errors';
import { createMetricsRegistry } from './registry';

// One registry per process, on globalThis: Next.js bundles this module into
// more than one chunk, and a second registry would count the default metrics twice.
const store = globalThis as unknown as { __cronboardMetrics?: Registry };

/**
 * GET /api/metrics: Prometheus text for the web process. Off (404) unless
 * METRICS_TOKEN is set; then `Authorization: Bearer METRICS_TOKEN` or an admin
 * (API token or session) may read it.
 */
export async function scrapeWebMetrics(request: Request): Promise<Response> {
  try {
    const { config, handle } = await bootstrap('web');
    if (!config.metricsToken) throw new AppError('NOT_FOUND', 'Metrics are off: set METRICS_TOKEN to serve /api/metrics.');
    if (!bearerIs(request, config.metricsToken)) {
      const auth = await authorizeRequest(request, 'admin');
      if (!auth.ok) return auth.response;
    }
    store.__cronboardMetrics ??= createMetricsRegistry({ db: handle.db, leaseSeconds: config.leaseSeconds, process: 'web' });
    const registry = store.__cronboardMetrics;
    return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}

function bearerIs(request: Request, token: string): boolean {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match) return false;
  // Equal-length digests: the comparison takes the same time whatever was sent.
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}
