import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { failed, stopped, succeeded, type KindContext } from './outcome';
import { taskEnvironment } from './environment';
import { EventLines, noPublish } from './event-lines';
import { groupMembers, killGroup, type KillGroupResult } from './process-group';
import { ensureSupervisor, releaseGroup, superviseGroup } from './supervisor';
import { formatSeconds, within } from './stop';
import type { RunOutcome } from './types';
import { resolveWorkdir } from './workdir';

/** How long to keep reading output once every process of the group is gone. */
const PIPE_DRAIN_MS = 2000;
/** Enough of stderr to name the command in "command not found". */
const STDERR_TAIL = 2048;

/**
 * `/bin/sh -c command` as the leader of its own process group. The run owns
 * that group: on timeout or cancel the whole group gets SIGTERM, then SIGKILL
 * after the grace period; and when the shell exits on its own, anything it left
 * running in the group is stopped the same way, so a run never leaves orphans.
 * (A process that really must outlive its run has to leave the group: setsid.)
 * The group is also handed to the supervisor (supervisor.ts), which kills it
 * if the worker dies first. The shell starts from a clean environment
 * (environment.ts) and, with TASK_USER, as that user.
 */
export async function runShell(context: KindContext): Promise<RunOutcome> {
  const command = context.options.task.command ?? '';
  context.sink.system(`$ ${command}`);
  if (command.trim() === '') return failed('shell task has no command');
  return runProcessGroup(context, ['/bin/sh', '-c', command]);
}

/**
 * Runs `argv` (a program and its arguments) by the rules above: the one
 * spawner of the shell and script kinds, so both share the process group,
 * supervisor, timeout kill, workdir, clean environment and log sink.
 */
export async function runProcessGroup({ options, sink, stop }: KindContext, program: string[]): Promise<RunOutcome> {
  const { task } = options;
  const workdir = await resolveWorkdir(task.cwd, options.allowedWorkdirs);
  if (!workdir.ok) return failed(workdir.error);
  const early = stop.reason();
  if (early) return stopped(early, options.timeoutMs);

  const { runAs } = options;
  ensureSupervisor();
  const argv = [...(runAs?.wrapper ?? []), ...program];
  const child = spawn(argv[0]!, argv.slice(1), {
    detached: true,
    cwd: workdir.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: taskEnvironment(options) as NodeJS.ProcessEnv,
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
  const spawnError = new Promise<Error>((resolve) => child.on('error', resolve));
  const pid = child.pid;
  if (pid === undefined) {
    const message = (await spawnError).message;
    const hint = runAs ? ` (starting it as TASK_USER ${runAs.user}, uid ${runAs.uid})` : '';
    return failed(`could not start ${program[0]}: ${message}${hint}`);
  }
  superviseGroup(pid);

  let stderrTail = '';
  const events = new EventLines(options.publish ?? noPublish, sink);
  child.stdout.on('data', (data: Buffer) => {
    sink.write('stdout', data);
    events.write(data);
  });
  child.stderr.on('data', (data: Buffer) => {
    sink.write('stderr', data);
    stderrTail = (stderrTail + data.toString('utf8')).slice(-STDERR_TAIL);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const closed = new Promise<boolean>((resolve) => child.once('close', () => resolve(true)));

  let killing: Promise<KillGroupResult> | null = null;
  const kill = () => {
    killing ??= killGroup(pid, { graceMs: options.killGraceMs });
  };
  stop.signal.addEventListener('abort', kill, { once: true });
  if (stop.signal.aborted) kill();

  const exit = await exited;
  // Only a stop that came before the exit ends the run as timed out / cancelled.
  const reason = stop.reason();
  stop.signal.removeEventListener('abort', kill);
  if (!killing && groupMembers(pid).length > 0) {
    sink.system('the shell exited but left processes in its process group: stopping them');
    kill();
  }
  const killed = killing ? await (killing as Promise<KillGroupResult>) : null;
  releaseGroup(pid);
  if (killed?.sentSigkill) {
    sink.system(`the process group was still running ${formatSeconds(options.killGraceMs)} after SIGTERM: sent SIGKILL`);
  }

  const drained = await within(closed, PIPE_DRAIN_MS);
  if (!drained) {
    // Only a process that left the group (setsid) can still hold the pipes.
    sink.system('output pipes still open after the process group ended (a process left the group?): stopped reading');
    child.stdout.destroy();
    child.stderr.destroy();
  }

  await events.done();
  const extra = { exitCode: exit.code, signal: exit.signal };
  if (reason) return stopped(reason, options.timeoutMs, extra);
  if (exit.code === 0) return succeeded(null, extra);
  if (exit.code !== null) return failed(exitError(exit.code, stderrTail), extra);
  return failed(`killed by ${exit.signal ?? 'a signal'}`, extra);
}

function exitError(code: number, stderr: string): string {
  // 127 and 126 are the shell's own "not found" / "cannot execute", unless the command chose them.
  if (code === 127) {
    const name = namedByShell(stderr, /([^:\n]+): (?:command )?not found\s*$/m);
    return name ? `command not found: ${name} (exit code 127)` : 'exit code 127 (usually: command not found)';
  }
  if (code === 126) {
    const name = namedByShell(stderr, /([^:\n]+): (?:Permission denied|cannot execute.*)\s*$/im);
    return name ? `command not executable: ${name} (exit code 126)` : 'exit code 126 (usually: command not executable)';
  }
  // The shell reports a child killed by signal N as 128 + N.
  const signal = code > 128 ? signalName(code - 128) : null;
  return signal ? `exit code ${code} (${signal})` : `exit code ${code}`;
}

/** The command named in the shell's message, e.g. "/bin/sh: 1: foo: not found" → foo. */
function namedByShell(stderr: string, pattern: RegExp): string | null {
  return pattern.exec(stderr)?.[1]?.trim() || null;
}

function signalName(n: number): string | null {
  const entry = Object.entries(constants.signals).find(([, value]) => value === n);
  return entry ? entry[0] : null;
}
