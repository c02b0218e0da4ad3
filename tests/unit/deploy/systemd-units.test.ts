// The shipped systemd units load cleanly (`systemd-analyze verify`: no unknown
// key, no value it would ignore) and carry what README promises: restart
// always with a start-rate limit, hardening, and the kill mode each needs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const SYSTEM_UNITS = ['deploy/systemd/cronboard-web.service', 'worker/cronboard-worker.service'];
const USER_UNITS = ['deploy/systemd/user/cronboard-web.service', 'deploy/systemd/user/cronboard-worker.service'];
const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const noAnalyze = analyze.status === 0 ? false : 'systemd-analyze is not installed on this machine (Debian: apt-get install systemd)';

function verify(units: string[], user: boolean): { status: number | null; output: string } {
  // A user manager needs a runtime directory; verify only needs it to exist.
  const runtime = mkdtempSync(join(tmpdir(), 'cronboard-systemd-'));
  try {
    const args = [...(user ? ['--user'] : []), 'verify', '--man=no', ...units.map((u) => join(root, u))];
    const result = spawnSync('systemd-analyze', args, { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime } });
    return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
  } finally {
    rmSync(runtime, { recursive: true, force: true });
  }
}

const settings = (unit: string) => readFileSync(join(root, unit), 'utf8').split('\n').filter((l) => /^[A-Za-z]+=/.test(l));

describe('systemd units', () => {
  it.skipIf(noAnalyze)('system units verify without a warning', () => {
    expect(verify(SYSTEM_UNITS, false)).toEqual({ status: 0, output: '' });
  });

  it.skipIf(noAnalyze)('user units (systemctl --user) verify without a warning', () => {
    expect(verify(USER_UNITS, true)).toEqual({ status: 0, output: '' });
  });

  it.each([...SYSTEM_UNITS, ...USER_UNITS])('%s restarts always, rate-limited, hardened', (unit) => {
    const lines = settings(unit);
    for (const line of ['Restart=always', 'StartLimitIntervalSec=120', 'StartLimitBurst=5', 'NoNewPrivileges=true', 'ProtectSystem=strict', 'PrivateTmp=true']) {
      expect(lines, unit).toContain(line);
    }
    expect(lines.some((l) => l.startsWith('ReadWritePaths=') || l.startsWith('StateDirectory=')), `${unit}: a writable data directory`).toBe(true);
    // Workers drain on SIGTERM to themselves alone; the web app holds nothing to drain.
    expect(lines, unit).toContain(unit.includes('worker') ? 'KillMode=mixed' : 'KillMode=control-group');
  });

  it('the web unit serves the production build with the same settings file as the worker', () => {
    const web = settings('deploy/systemd/cronboard-web.service');
    const worker = settings('worker/cronboard-worker.service');
    expect(web.find((l) => l.startsWith('ExecStart='))).toMatch(/next start/);
    const envFiles = (lines: string[]) => lines.filter((l) => l.startsWith('EnvironmentFile='));
    expect(envFiles(worker)).toEqual(expect.arrayContaining(envFiles(web)));
  });
});
