import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * The supervisor: one small /bin/sh per worker process that outlives it by a
 * moment. The worker tells it, over a pipe, which process groups its shell
 * runs lead ("+PGID" when a run starts, "-PGID" when its group is gone). When
 * the pipe reaches end of file — the worker exited, crashed or was killed with
 * -9, so the kernel closed its end — the supervisor SIGKILLs every group still
 * listed and exits. A worker that dies therefore takes its runs with it,
 * instead of leaving them running beside the retries another worker starts.
 *
 * One process per worker rather than one per run: a run costs two short
 * writes to a pipe, not a second process. The supervisor leads a process group
 * of its own (detached), so the kills of a run's group never reach it, and it
 * runs as the worker, so it may signal the runs' groups (a root worker, or one
 * with CAP_KILL, can also signal those running as TASK_USER).
 */
const SCRIPT = `groups=' '
while read -r line; do
  case $line in
    +*) groups="$groups\${line#+} " ;;
    -*) id=\${line#-}
        case $groups in *" $id "*) groups="\${groups%% $id *} \${groups#* $id }" ;; esac ;;
  esac
done
for g in $groups; do kill -KILL "-$g" 2>/dev/null; done`;

let supervisor: ChildProcess | null = null;
/** Groups of this process's running shell runs, to hand to a new supervisor if one had to be restarted. */
const groups = new Set<number>();

/**
 * Starts the supervisor if none is running. Called before a run's shell is
 * spawned, so the one-time cost of starting it (a fork of this process) never
 * falls between a running command and the reading of its output.
 */
export function ensureSupervisor(): ChildProcess {
  if (supervisor && supervisor.exitCode === null && supervisor.signalCode === null) return supervisor;
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const child: ChildProcess = spawn('/bin/sh', ['-c', SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'], env: env as NodeJS.ProcessEnv });
  // Neither the process nor its pipe may keep the worker alive: the worker's exit is what the supervisor waits for.
  child.unref();
  (child.stdin as Socket | null)?.unref();
  child.stdin?.on('error', () => undefined); // EPIPE if it died; the next run starts a new one
  child.on('error', () => undefined);
  child.once('exit', () => {
    if (supervisor === child) supervisor = null;
  });
  supervisor = child;
  if (groups.size > 0) child.stdin?.write([...groups].map((g) => `+${g}\n`).join(''));
  return child;
}

/** The run leading process group `pgid` has started: the supervisor kills it if this process dies first. */
export function superviseGroup(pgid: number): void {
  const child = ensureSupervisor();
  groups.add(pgid);
  child.stdin?.write(`+${pgid}\n`);
}

/** The run's group is gone (or about to be forgotten): the supervisor must not signal that id any more. */
export function releaseGroup(pgid: number): void {
  if (!groups.delete(pgid)) return;
  if (supervisor) supervisor.stdin?.write(`-${pgid}\n`);
}
