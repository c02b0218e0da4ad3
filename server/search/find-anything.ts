// The command palette's search: tasks by name or key (case-insensitive, the
// same on both providers: matched here over key and name only), best matches
// first; a run by its id (`41`, `#41`, `run 41`).
import type { Db } from '../db';
import type { RunStatus } from '../tasks/constants';

export interface FoundTask {
  key: string;
  name: string;
  status: string;
}
export interface FoundRun {
  id: number;
  taskKey: string;
  taskName: string;
  status: RunStatus;
  createdAt: Date;
}
export interface FindResult {
  tasks: FoundTask[];
  runs: FoundRun[];
}

const LIMIT = 8;

/** Lower is better: exact key, key or name starting with it, a word of the name starting with it, contains. */
function rank(task: { key: string; name: string }, q: string): number {
  const key = task.key.toLowerCase();
  const name = task.name.toLowerCase();
  if (key === q || name === q) return 0;
  if (key.startsWith(q) || name.startsWith(q)) return 1;
  if (name.split(/\s+/).some((w) => w.startsWith(q))) return 2;
  if (key.includes(q) || name.includes(q)) return 3;
  return -1;
}

export async function findAnything(options: { db: Db; q: string }): Promise<FindResult> {
  const q = options.q.trim().toLowerCase();
  const runId = /^(?:run\s*)?#?(\d{1,9})$/.exec(q)?.[1];
  const [all, run] = await Promise.all([
    options.db.task.findMany({ select: { key: true, name: true, status: true }, orderBy: { id: 'asc' } }),
    runId ? options.db.run.findUnique({ where: { id: Number(runId) }, select: { id: true, status: true, createdAt: true, task: { select: { key: true, name: true } } } }) : null,
  ]);
  const tasks = all
    .map((t) => ({ t, r: rank(t, q) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.t.name.localeCompare(b.t.name))
    .slice(0, LIMIT)
    .map((x) => x.t);
  return {
    tasks,
    runs: run ? [{ id: run.id, taskKey: run.task.key, taskName: run.task.name, status: run.status as RunStatus, createdAt: run.createdAt }] : [],
  };
}
