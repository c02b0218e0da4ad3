// shell: N `/bin/true` shell runs, and the bare execFile loops they are measured against.
import { CONCURRENCY, N } from './options';
import { analyzeOurs, bulkInsertRuns, drainOurs, resetOurs, type Ours } from './ours';
import { record } from './results';
import { execFileP, now, pool } from './stats';

export async function oursShell(o: Ours, repeat: number, scope: string) {
  await resetOurs(o);
  await bulkInsertRuns(o, 'true', N.shell, 1, new Date(now() - 1000));
  await analyzeOurs(o);
  const r = await drainOurs(o, N.shell);
  record(scope, 'cronboard', repeat, { shellRate: r.rate, failed: r.failed, ...(r.partial ? { drainPartial: true } : {}) });
}

/** execFile('/bin/true') and execFile('/bin/sh', ['-c', '/bin/true']) at the same concurrency. */
export async function baselines(repeat: number, scope: string) {
  let t0 = now();
  await pool(N.shell, CONCURRENCY, () => execFileP('/bin/true'));
  const bareRate = N.shell / ((now() - t0) / 1000);
  t0 = now();
  await pool(N.shell, CONCURRENCY, () => execFileP('/bin/sh', ['-c', '/bin/true']));
  const shRate = N.shell / ((now() - t0) / 1000);
  record(scope, 'execFile', repeat, { bareRate, shRate });
}
