// Runs once when the Next.js server starts: validate configuration, migrate,
// seed. A bad configuration or an unreachable database stops start-up with a
// clear message instead of failing on the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { bootstrap } = await import('./server/bootstrap');
  const { formatStartupError } = await import('./server/lib/startup-error');
  try {
    const { logger, handle } = await bootstrap('web');
    logger.info({ provider: handle.provider }, 'web app ready');
  } catch (error) {
    console.error(formatStartupError(error, 'web'));
    process.exit(1);
  }
}
