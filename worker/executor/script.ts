import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failed, type KindContext } from './outcome';
import { runProcessGroup } from './shell';
import type { RunOutcome } from './types';

/**
 * A script task: its body is written to a private file (0600 in a fresh 0700
 * directory under the system temp dir, owned by TASK_USER when set so the task
 * can read it and nobody else can) and its interpreter is run on it through the
 * shell kind's spawner (process group, timeout kill, workdir, clean
 * environment, log sink). The directory is removed when the run ends, however
 * it ends; only a worker killed mid-run can leave it (the OS temp cleaner's).
 */
export async function runScript(context: KindContext): Promise<RunOutcome> {
  const { task, runAs } = context.options;
  const body = task.scriptBody ?? '';
  const interpreter = task.scriptInterpreter?.trim() ?? '';
  context.sink.system(`$ ${interpreter || '(no interpreter)'} <script, ${Buffer.byteLength(body)} bytes>`);
  if (interpreter === '') return failed('script task has no interpreter');
  if (body.trim() === '') return failed('script task has no body');

  let dir: string;
  let file: string;
  try {
    dir = await mkdtemp(join(tmpdir(), 'cronboard-script-'));
  } catch (err) {
    return failed(`could not make a temp directory for the script: ${(err as Error).message}`);
  }
  try {
    try {
      file = join(dir, `${task.key}${extensionFor(interpreter)}`);
      await writeFile(file, body, { mode: 0o600, flag: 'wx' });
      if (runAs) {
        await chown(dir, runAs.uid, runAs.gid);
        await chown(file, runAs.uid, runAs.gid);
      }
    } catch (err) {
      return failed(`could not write the script to a temp file: ${(err as Error).message}`);
    }
    return await runProcessGroup(context, [interpreter, file]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** node picks CommonJS or ESM by extension (.cjs: plain require() scripts); the others do not care, but a named file reads better in a traceback. */
function extensionFor(interpreter: string): string {
  const name = interpreter.split('/').pop() ?? '';
  if (name === 'node') return '.cjs';
  if (name.startsWith('python')) return '.py';
  if (name === 'sh' || name === 'bash') return '.sh';
  return '';
}
