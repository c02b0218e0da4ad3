import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, finished, TSX } from './helpers/processes';

// A worker that is not root but holds CAP_SETUID, CAP_SETGID and CAP_KILL as
// ambient capabilities (systemd AmbientCapabilities=, as in the unit file).
// Ambient capabilities survive the switch to TASK_USER and the exec, so unless
// they are dropped a task could setuid back to anyone. Played by setpriv from
// a root test process; skipped otherwise.
const canRun = process.getuid?.() === 0 && (() => {
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!canRun)('a non-root worker with ambient capabilities (needs root and setpriv to set it up)', () => {
  let home: string;
  beforeAll(() => {
    home = realpathSync(mkdtempSync(join(tmpdir(), 'cronboard-caps-')));
    chmodSync(home, 0o755);
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('starts tasks as TASK_USER with no capabilities left, and still stops them on timeout', async () => {
    const marker = `sleep 30.${Date.now() % 1_000_000}`;
    const child = spawn(
      'setpriv',
      [
        '--reuid=54321',
        '--regid=54321',
        '--clear-groups',
        '--inh-caps=+setuid,+setgid,+kill',
        '--ambient-caps=+setuid,+setgid,+kill',
        TSX,
        join(process.cwd(), 'tests/integration/helpers/shell-as-task-user.ts'),
        `id -un; grep -E '^Cap(Eff|Prm|Amb)' /proc/self/status; ${marker}`,
      ],
      { cwd: home, env: { ...cleanEnv({}), HOME: home } },
    );
    const result = await finished(child);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { uid: number; wrapper: string[]; status: string; error: string; out: string };
    expect(report.uid).toBe(54321);
    expect(report.wrapper.slice(1)).toEqual(['--inh-caps=-all', '--']);
    expect(report.out.split('\n')).toEqual(['nobody', 'CapPrm:\t0000000000000000', 'CapEff:\t0000000000000000', 'CapAmb:\t0000000000000000', '']);
    expect(report).toMatchObject({ status: 'timed_out', error: 'timed out after 1 s' });
    expect(execFileSync('ps', ['-A', '-o', 'args='], { encoding: 'utf8' }).split('\n')).not.toContain(marker);
  }, 60_000);
});
