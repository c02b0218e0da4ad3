// Runs once when the Next.js server starts. The Node-only start-up lives in
// instrumentation-node.ts so the Edge bundle never sees Node APIs.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startWeb } = await import('./instrumentation-node');
    await startWeb();
  }
}
