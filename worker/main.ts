// Entry point of a worker process: `npm run worker`, `npx cronboard worker`, systemd.
import { formatStartupError } from '../server/lib/startup-error';
import { runWorker } from './run';

runWorker().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(formatStartupError(error, 'worker'));
    process.exit(1);
  },
);
