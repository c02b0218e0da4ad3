import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors';
import { resolveTaskUser, type ProcessCredentials } from '../../worker/task-user';

// Looks users up on this machine (getent): `nobody` and `nogroup` exist on Debian and most Linux systems.
const root: ProcessCredentials = { uid: 0, gid: 0, capEff: 0x1ffffffffffn, capAmb: 0n };
const plain: ProcessCredentials = { uid: 1000, gid: 1000, capEff: 0n, capAmb: 0n };
const CAPS = (1n << 5n) | (1n << 6n) | (1n << 7n); // CAP_KILL, CAP_SETGID, CAP_SETUID

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).not.toContain('\n');
    return (error as AppError).message;
  }
  throw new Error('expected a refusal');
}

describe('resolveTaskUser', () => {
  it('is nothing without TASK_USER', () => {
    expect(resolveTaskUser({}, plain)).toBeNull();
  });

  it("resolves the user's uid, primary group and home for a root worker, or TASK_GROUP's gid", () => {
    expect(resolveTaskUser({ taskUser: 'nobody' }, root)).toEqual({ user: 'nobody', uid: 65534, gid: 65534, home: '/nonexistent', wrapper: [] });
    expect(resolveTaskUser({ taskUser: '65534', taskGroup: 'root' }, root)).toMatchObject({ user: 'nobody', uid: 65534, gid: 0 });
  });

  it('refuses an unknown user or group, and root, in one line naming the setting', () => {
    expect(refusal(() => resolveTaskUser({ taskUser: 'no-such-user-xyz' }, root))).toBe('TASK_USER=no-such-user-xyz: no such user on this machine');
    expect(refusal(() => resolveTaskUser({ taskUser: 'nobody', taskGroup: 'no-such-group-xyz' }, root))).toBe(
      'TASK_GROUP=no-such-group-xyz: no such group on this machine',
    );
    expect(refusal(() => resolveTaskUser({ taskUser: 'root' }, root))).toBe('TASK_USER=root: must be an unprivileged user, not root');
  });

  it('refuses a worker that is neither root nor holds the capabilities, saying what is missing', () => {
    expect(refusal(() => resolveTaskUser({ taskUser: 'nobody' }, plain))).toMatch(
      /^TASK_USER=nobody: the worker runs as uid 1000 without CAP_SETUID, CAP_SETGID, CAP_KILL, so it cannot start tasks as another user; start it as root or with/,
    );
    expect(refusal(() => resolveTaskUser({ taskUser: 'nobody' }, { ...plain, capEff: 1n << 7n }))).toContain('without CAP_SETGID, CAP_KILL,');
  });

  it('accepts the worker running as that very user (nothing to switch)', () => {
    expect(resolveTaskUser({ taskUser: 'nobody' }, { uid: 65534, gid: 65534, capEff: 0n, capAmb: 0n })).toMatchObject({ uid: 65534, wrapper: [] });
  });

  it('clears ambient capabilities with setpriv before the task starts, when the worker holds them', () => {
    expect(resolveTaskUser({ taskUser: 'nobody' }, { ...plain, capEff: CAPS, capAmb: 0n })).toMatchObject({ uid: 65534, wrapper: [] });
    const ambient = resolveTaskUser({ taskUser: 'nobody' }, { ...plain, capEff: CAPS, capAmb: CAPS });
    expect(ambient?.wrapper.slice(1)).toEqual(['--inh-caps=-all', '--']);
    expect(ambient?.wrapper[0]).toMatch(/\/setpriv$/);
  });
});
