// One readable sentence per event, for the activity feed:
// "worker w1 started run #12 of nightly-backup".

export interface DescribableEvent {
  type: string;
  actorType: string;
  actorName: string | null;
  taskKey: string | null;
  runId: number | null;
  payload: unknown;
}

const RUN_VERBS: Record<string, string> = {
  'run.queued': 'queued',
  'run.started': 'started',
  'run.succeeded': 'finished',
  'run.failed': 'saw the failure of',
  'run.timed_out': 'timed out',
  'run.cancelled': 'cancelled',
  'run.skipped': 'skipped',
  'run.retry_scheduled': 'scheduled a retry:',
};

const TASK_VERBS: Record<string, string> = {
  'task.created': 'created',
  'task.updated': 'updated',
  'task.deleted': 'deleted',
  'task.paused': 'paused',
  'task.resumed': 'resumed',
  'task.moved': 'moved',
};

function field(payload: unknown, key: string): unknown {
  return payload && typeof payload === 'object' ? (payload as Record<string, unknown>)[key] : undefined;
}

const COLUMN: Record<string, string> = {
  todo: 'Todo',
  in_progress: 'In progress',
  in_review: 'In review',
  done: 'Done',
  cancelled: 'Cancelled',
};

export function describeEvent(e: DescribableEvent): string {
  // "worker w1", "token deploy-bot"; a user or the system by name alone.
  const name = e.actorName ?? 'someone';
  const who = e.actorType === 'user' || e.actorType === name ? name : `${e.actorType} ${name}`;
  const task = e.taskKey ?? 'a deleted task';
  const run = e.runId === null ? 'a run' : `run #${e.runId}`;
  if (e.type === 'run.succeeded') return `${run} of ${task} succeeded (${who})`;
  if (e.type === 'run.failed') {
    const error = field(e.payload, 'error');
    return `${run} of ${task} failed${typeof error === 'string' && error ? `: ${error}` : ''} (${who})`;
  }
  if (e.type === 'run.timed_out') return `${run} of ${task} timed out (${who})`;
  if (e.type === 'run.queued') {
    const retryOf = field(e.payload, 'retryOf');
    if (field(e.payload, 'requeued')) return `${who} put ${run} of ${task} back in the queue`;
    return `${who} queued ${run} of ${task}${typeof retryOf === 'number' ? ` (retry of run #${retryOf})` : ''}`;
  }
  if (e.type === 'run.retry_scheduled') {
    const attempt = field(e.payload, 'attempt');
    return `${who} scheduled ${run} of ${task} as a retry${typeof attempt === 'number' ? ` (attempt ${attempt})` : ''}`;
  }
  if (e.type in RUN_VERBS) return `${who} ${RUN_VERBS[e.type]} ${run} of ${task}`;
  if (e.type === 'task.moved') {
    const to = field(e.payload, 'to');
    return `${who} moved ${task}${typeof to === 'string' ? ` to ${COLUMN[to] ?? to}` : ''}`;
  }
  if (e.type in TASK_VERBS) return `${who} ${TASK_VERBS[e.type]} ${task}`;
  if (e.type === 'worker.started') return `${who} started`;
  if (e.type === 'worker.stopped') return `${who} stopped`;
  if (e.type === 'worker.lost') {
    const name = field(e.payload, 'name');
    return `${who} marked worker ${typeof name === 'string' ? name : ''} as lost`.replace('  ', ' ');
  }
  return `${who}: ${e.type}${e.taskKey ? ` on ${e.taskKey}` : ''}${e.runId === null ? '' : ` (run #${e.runId})`}`;
}
