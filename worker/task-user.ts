import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { AppError } from '../server/errors';
import type { RunAs } from './executor/types';

/** Capability bits (linux/capability.h). */
const CAP_KILL = 5;
const CAP_SETGID = 6;
const CAP_SETUID = 7;
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'];

export interface ProcessCredentials {
  uid: number;
  gid: number;
  /** Effective and ambient capability sets (/proc/self/status CapEff, CapAmb); 0n where unknown. */
  capEff: bigint;
  capAmb: bigint;
}

/**
 * Who shell tasks run as: TASK_USER (its uid, primary group or TASK_GROUP,
 * home). Checked once, when the worker starts: an unknown user or group, root
 * as TASK_USER, or a worker that cannot switch users (neither root nor holding
 * CAP_SETUID, CAP_SETGID and CAP_KILL — the last to stop runs on timeout and
 * cancel) refuses to start with one line saying which. Returns null without
 * TASK_USER.
 *
 * A root worker needs nothing more: the kernel drops every capability when a
 * child switches from uid 0 to TASK_USER. A worker with capabilities but not
 * root holds them as ambient capabilities (systemd AmbientCapabilities=),
 * which survive the switch and the exec: its tasks start through
 * `setpriv --inh-caps=-all`, which clears them (dropping the inheritable set
 * drops the ambient one) before the task's shell starts.
 */
export function resolveTaskUser(
  config: { taskUser?: string; taskGroup?: string },
  self: ProcessCredentials = currentCredentials(),
): RunAs | null {
  const name = config.taskUser;
  if (name === undefined) return null;
  const account = lookup('passwd', name);
  if (!account) throw refuse(`TASK_USER=${name}: no such user on this machine`);
  const [user = name, , uidText, gidText, , home = '/'] = account;
  const uid = Number(uidText);
  if (uid === 0) throw refuse(`TASK_USER=${name}: must be an unprivileged user, not root`);
  let gid = Number(gidText);
  if (config.taskGroup !== undefined) {
    const group = lookup('group', config.taskGroup);
    if (!group) throw refuse(`TASK_GROUP=${config.taskGroup}: no such group on this machine`);
    gid = Number(group[2]);
  }
  if (uid === self.uid && gid === self.gid) return { user, uid, gid, home, wrapper: [] };
  if (self.uid === 0) return { user, uid, gid, home, wrapper: [] };

  const missing = [
    [CAP_SETUID, 'CAP_SETUID'],
    [CAP_SETGID, 'CAP_SETGID'],
    [CAP_KILL, 'CAP_KILL'],
  ].filter(([bit]) => (self.capEff & (1n << BigInt(bit!))) === 0n);
  if (missing.length > 0) {
    throw refuse(
      `TASK_USER=${name}: the worker runs as uid ${self.uid} without ${missing.map(([, n]) => n).join(', ')}, so it cannot start tasks as another user; start it as root or with CAP_SETUID, CAP_SETGID and CAP_KILL (systemd: AmbientCapabilities=CAP_SETUID CAP_SETGID CAP_KILL)`,
    );
  }
  if (self.capAmb === 0n) return { user, uid, gid, home, wrapper: [] };
  const setpriv = SETPRIV.find((p) => existsSync(p));
  if (!setpriv) {
    throw refuse(`TASK_USER=${name}: the worker holds ambient capabilities its tasks would inherit, and setpriv (util-linux), which clears them, is not installed`);
  }
  return { user, uid, gid, home, wrapper: [setpriv, '--inh-caps=-all', '--'] };
}

/** This process's uid, gid and capability sets. */
export function currentCredentials(): ProcessCredentials {
  const uid = process.getuid?.() ?? -1;
  const gid = process.getgid?.() ?? -1;
  let capEff = 0n;
  let capAmb = 0n;
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    capEff = BigInt(`0x${/^CapEff:\s*([0-9a-f]+)/m.exec(status)?.[1] ?? '0'}`);
    capAmb = BigInt(`0x${/^CapAmb:\s*([0-9a-f]+)/m.exec(status)?.[1] ?? '0'}`);
  } catch {
    // not Linux: only root can switch users
  }
  return { uid, gid, capEff, capAmb };
}

/** One passwd or group entry by name or numeric id (getent, else the file itself), split on ':'. */
function lookup(database: 'passwd' | 'group', key: string): string[] | null {
  try {
    const line = execFileSync('getent', [database, key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0];
    return line ? line.split(':') : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return null; // getent: exit 2, not found
  }
  try {
    const entries = readFileSync(`/etc/${database}`, 'utf8').split('\n').map((l) => l.split(':'));
    return entries.find((e) => e[0] === key) ?? entries.find((e) => /^\d+$/.test(key) && e[2] === key) ?? null;
  } catch {
    return null;
  }
}

function refuse(message: string): AppError {
  return new AppError('INVALID_CONFIG', message);
}
