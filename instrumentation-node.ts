import { installPeerStamp } from './server/auth/peer-address';
import { bootstrap } from './server/bootstrap';
import { formatStartupError } from './server/lib/startup-error';

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
    const { logger, handle } = await bootstrap('web');
    logger.info({ provider: handle.provider }, 'web app ready');
  } catch (error) {
    console.error(formatStartupError(error, 'web'));
    process.exit(1);
  }
}
