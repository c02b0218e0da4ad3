// priority: a mixed-priority backlog at concurrency 1; counts runs started out of priority order.
import { analyzeOurs, oursWorker, resetOurs, settled, type Ours } from './ours';
import { record } from './results';
import { countInversions, now, priorityBacklog, sleep } from './stats';

export async function oursPriority(o: Ours, repeat: number, scope: string) {
  await resetOurs(o);
  const t0 = now() + 500;
  const backlog = priorityBacklog(t0);
  await o.db.run.createMany({
    data: backlog.map((b) => ({
      taskId: o.tasks[`prio${b.prio}`]!,
      status: 'queued',
      trigger: 'manual',
      basePriority: b.prio,
      priority: b.prio,
      availableAt: new Date(b.dueAt),
      createdAt: new Date(t0 - 1000),
      requestedBy: 'bench',
    })),
  });
  await analyzeOurs(o);
  await sleep(Math.max(0, t0 - now()));
  const worker = oursWorker(o, 1);
  await worker.start();
  await settled(o, 120_000, 200);
  await worker.stop('bench', 10_000);
  const rows = await o.db.run.findMany({ select: { priority: true, availableAt: true, startedAt: true } });
  const started = rows
    .filter((r) => r.startedAt)
    .map((r) => ({ prio: r.priority, dueAt: r.availableAt.getTime(), startedAt: r.startedAt!.getTime() }));
  const inv = countInversions(started);
  record(scope, 'cronboard', repeat, { inversions: inv.total, distant: inv.distant });
}
