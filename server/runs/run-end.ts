// How a finished run ended, in words, said once: "exit code 3",
// "command not found: foo (exit code 127)", "killed by SIGKILL",
// "exit code 1 · HTTP 503 Service Unavailable". The worker's error message
// usually names the exit code already (worker/executor/shell.ts), so the code is
// added only when the message does not say it. Shared by the CLI (`run --wait`)
// and the task page's run history; imports nothing (the browser loads it).

export interface RunEnd {
  exitCode: number | null;
  signal: string | null;
  error: string | null;
}

/** The run's exit and error as one phrase, or null when there is nothing to say. */
export function describeRunEnd(run: RunEnd): string | null {
  const error = run.error?.trim() || null;
  const exit = run.exitCode !== null ? `exit code ${run.exitCode}` : run.signal ? `killed by ${run.signal}` : null;
  if (!exit) return error;
  if (!error) return exit;
  const said =
    (run.exitCode !== null && new RegExp(`\\bexit(?: code| status)? ${run.exitCode}\\b`).test(error)) ||
    (run.signal !== null && error.includes(run.signal));
  return said ? error : `${exit} · ${error}`;
}

/** The first line of describeRunEnd (a one-line cell: the runs table's Error column); null when there is nothing to say. */
export function describeRunEndLine(run: RunEnd): string | null {
  return describeRunEnd(run)?.split('\n').find((line) => line.trim() !== '')?.trim() ?? null;
}
