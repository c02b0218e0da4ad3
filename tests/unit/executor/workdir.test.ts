import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isInside, resolveWorkdir } from '../../../worker/executor/workdir';

let base: string;
let root: string;
let other: string;
beforeEach(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'cronboard-workdir-')));
  root = join(base, 'srv');
  other = join(base, 'srv2');
  mkdirSync(join(root, 'jobs', 'nightly'), { recursive: true });
  mkdirSync(other);
  writeFileSync(join(root, 'file.txt'), 'x');
  symlinkSync(other, join(root, 'escape'));
  symlinkSync(join(root, 'jobs'), join(other, 'into-root'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('resolveWorkdir', () => {
  it('defaults to the first allowed root', async () => {
    expect(await resolveWorkdir(null, [root, other])).toEqual({ ok: true, dir: root });
  });

  it('accepts a directory inside a root, absolute or relative to the first root', async () => {
    expect(await resolveWorkdir(join(root, 'jobs', 'nightly'), [root])).toEqual({ ok: true, dir: join(root, 'jobs', 'nightly') });
    expect(await resolveWorkdir('jobs/nightly', [root])).toEqual({ ok: true, dir: join(root, 'jobs', 'nightly') });
    expect(await resolveWorkdir(other, [root, other])).toEqual({ ok: true, dir: other });
  });

  it('refuses a directory outside every root, naming it and the roots', async () => {
    expect(await resolveWorkdir(base, [root])).toEqual({
      ok: false,
      error: `working directory ${base} is outside the allowed roots (${root})`,
    });
  });

  it('refuses a sibling whose name merely starts with the root', async () => {
    const result = await resolveWorkdir(other, [root]);
    expect(result.ok).toBe(false);
  });

  it('refuses ../ that climbs out of the root', async () => {
    const result = await resolveWorkdir('jobs/../../srv2', [root]);
    expect(result).toEqual({ ok: false, error: `working directory ${other} is outside the allowed roots (${root})` });
  });

  it('follows symlinks: out of a root is refused, into a root is allowed', async () => {
    expect(await resolveWorkdir(join(root, 'escape'), [root])).toEqual({
      ok: false,
      error: `working directory ${join(root, 'escape')} (→ ${other}) is outside the allowed roots (${root})`,
    });
    expect(await resolveWorkdir(join(other, 'into-root'), [root])).toEqual({ ok: true, dir: join(root, 'jobs') });
  });

  it('accepts a root given through a symlink', async () => {
    symlinkSync(root, join(base, 'srv-link'));
    expect(await resolveWorkdir(join(root, 'jobs'), [join(base, 'srv-link')])).toEqual({ ok: true, dir: join(root, 'jobs') });
  });

  it('refuses a directory that does not exist, or a file', async () => {
    expect(await resolveWorkdir(join(root, 'missing'), [root])).toEqual({
      ok: false,
      error: `working directory ${join(root, 'missing')} does not exist`,
    });
    expect(await resolveWorkdir(join(root, 'file.txt'), [root])).toEqual({
      ok: false,
      error: `working directory ${join(root, 'file.txt')} is not a directory`,
    });
  });

  it('refuses everything when no root is configured', async () => {
    const result = await resolveWorkdir(root, []);
    expect(result.ok).toBe(false);
  });

  it('ignores a configured root that does not exist', async () => {
    expect(await resolveWorkdir(root, [join(base, 'gone'), root])).toEqual({ ok: true, dir: root });
  });
});

describe('isInside', () => {
  it.each([
    ['/srv', '/srv', true],
    ['/srv', '/srv/a/b', true],
    ['/srv', '/srv2', false],
    ['/srv', '/', false],
    ['/srv', '/srv/..foo', true],
    ['/', '/etc', true],
  ])('%s contains %s: %s', (rootDir, dir, expected) => {
    expect(isInside(rootDir, dir)).toBe(expected);
  });
});
