import { AlertEvaluator } from './server/alerts/alert-evaluator';
import { installPeerStamp } from './server/auth/peer-address';
import { bootstrap } from './server/bootstrap';
import { formatStartupError } from './server/lib/startup-error';
import { WebhookSender } from './server/webhooks/webhook-sender';

/**
 * Validates configuration, migrates and seeds before the first request. A bad
 * configuration or an unreachable database stops the server with a clear
 * message instead of failing on every request.
 */
export async function startWeb(): Promise<void> {
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  // Route handlers see no socket: stamp each request with its address (sign-in limits, TRUST_PROXY).
  installPeerStamp();
  try {
    const { logger, handle, config } = await bootstrap('web');
    logger.info({ provider: handle.provider }, 'web app ready');
    // Alerts are judged, and their notifications sent, by the web process too, so a
    // missed run is reported with every worker down (issue 13). Both are idempotent
    // across processes; their timers do not keep the process alive on their own.
    new AlertEvaluator({ db: handle.db, config, logger }).start();
    new WebhookSender({ db: handle.db, config, logger }).start();
  } catch (error) {
    console.error(formatStartupError(error, 'web'));
    process.exit(1);
  }
}
