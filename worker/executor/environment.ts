import type { ExecuteOptions } from './types';

/** What a shell task inherits from the worker's environment, whatever the deployment: enough to find programs and speak the locale. */
const INHERITED = new Set(['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR']);
const INHERITED_PREFIXES = ['LC_'];

/**
 * The environment of a shell task, built from nothing: PATH, HOME, LANG,
 * LC_*, TZ and TMPDIR from the worker, the variables the deployment chose to
 * pass (TASK_ENV_PASSTHROUGH: names, or PREFIX_* for every name with that
 * prefix), then the task's own env, then the run's variables. Nothing else of
 * the worker's reaches a task: not DATABASE_URL, PGPASSWORD, its CRONBOARD_*
 * settings (CRONBOARD_SECRET_KEY) or anything else it was started with.
 *
 * With TASK_USER, HOME, USER and LOGNAME are that user's, as a login would set
 * them. The task's env arrives here as plain values (any decryption happens
 * before the executor is called); it may override the inherited variables but
 * not the run's.
 */
export function taskEnvironment(options: Pick<ExecuteOptions, 'runId' | 'attempt' | 'task' | 'envPassthrough' | 'runAs' | 'event'>, workerEnv: Record<string, string | undefined> = process.env): Record<string, string> {
  const passthrough = options.envPassthrough ?? [];
  const names = passthrough.filter((p) => !p.endsWith('*'));
  const prefixes = [...INHERITED_PREFIXES, ...passthrough.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1))];
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(workerEnv)) {
    if (value === undefined) continue;
    if (INHERITED.has(name) || names.includes(name) || prefixes.some((prefix) => name.startsWith(prefix))) env[name] = value;
  }
  const { runAs, task } = options;
  if (runAs) {
    env.HOME = runAs.home;
    env.USER = runAs.user;
    env.LOGNAME = runAs.user;
  }
  return {
    ...env,
    ...task.env,
    CRONBOARD_RUN_ID: String(options.runId),
    CRONBOARD_TASK_KEY: task.key,
    CRONBOARD_ATTEMPT: String(options.attempt),
    CRONBOARD_PAYLOAD: JSON.stringify(task.payload ?? null),
    // The triggering event (a task whose schedule is `on: …`): {id, type, at, payload, taskKey, runId}.
    ...(options.event && { CRONBOARD_EVENT: JSON.stringify(options.event) }),
  };
}
