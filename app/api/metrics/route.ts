import { scrapeWebMetrics } from '@/server/metrics/scrape-web-metrics';

export const dynamic = 'force-dynamic';

/** Prometheus metrics of the web process (off unless METRICS_TOKEN is set; README, *Metrics*). */
export function GET(request: Request): Promise<Response> {
  return scrapeWebMetrics(request);
}
