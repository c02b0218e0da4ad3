import { describe, expect, it } from 'vitest';
import { looksSecret } from '../../../server/tasks/entries';
import { entriesForExport, exportVariableName } from '../../../server/tasks/export-entries';
import { TASK_DEFINITION_FIELDS } from '../../../server/tasks/definition-fields';
import { taskInputSchema } from '../../../server/tasks/schemas';
import { workdirProblem } from '../../../server/tasks/workdir-rule';

const base = { key: 'limits', name: 'Limits', kind: 'shell', command: 'true' } as const;

/** The issues of an input, as "path: message". */
function issues(patch: Record<string, unknown>): string[] {
  const parsed = taskInputSchema.safeParse({ ...base, ...patch });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const deep = (levels: number): unknown => (levels === 0 ? 1 : { a: deep(levels - 1) });

describe('task input: limits and bad values, each refused with the field named', () => {
  it.each([
    ['name over 200 characters', { name: 'n'.repeat(201) }, 'name: must be at most 200 characters'],
    ['a 64 KiB + 1 command', { command: 'x'.repeat(64 * 1024 + 1) }, 'command: must be at most 64 KiB'],
    ['a payload over 64 KiB', { payload: { big: 'x'.repeat(64 * 1024) } }, 'payload: must be at most 64 KiB as JSON'],
    ['a payload 33 levels deep', { payload: deep(33) }, 'payload: must be nested at most 32 levels deep'],
    [
      '101 env entries',
      { env: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`V${i}`, 'x'])) },
      'env: must have at most 100 entries (has 101)',
    ],
    ['an invalid env name', { env: { '1BAD': 'x' } }, 'env.1BAD: "1BAD" is not a valid variable name'],
    ['an env name with a dash', { env: { 'MY-VAR': 'x' } }, 'env.MY-VAR: "MY-VAR" is not a valid variable name'],
    ['a null byte in an env value', { env: { A: 'a\0b' } }, 'env.A: value must not contain a null byte'],
    ['a null byte in the command', { command: 'echo a\0b' }, 'command: must not contain a null byte'],
    ['a null byte in the name', { name: 'a\0b' }, 'name: must not contain a null byte'],
    ['a null byte in the cwd', { cwd: '/tmp/\0' }, 'cwd: must not contain a null byte'],
    ['a plain value that looks encrypted', { env: { A: 'enc:v1:x:y:z' } }, 'env.A: value must not start with "enc:"'],
  ])('%s', (_, patch, expected) => {
    expect(issues(patch).join('\n')).toContain(expected);
  });

  const script = { kind: 'script', scriptInterpreter: 'sh', scriptBody: 'echo hi', command: undefined } as const;
  it.each([
    ['a 256 KiB + 1 script body', { scriptBody: 'x'.repeat(256 * 1024 + 1) }, 'scriptBody: must be at most 256 KiB'],
    ['a blank script body', { scriptBody: ' \n ' }, 'scriptBody: must not be empty'],
    ['no script body', { scriptBody: undefined }, 'scriptBody: is required for a script task'],
    ['no interpreter', { scriptInterpreter: undefined }, 'scriptInterpreter: is required for a script task'],
    ['an interpreter by another name', { scriptInterpreter: 'ruby' }, 'scriptInterpreter: must be one of sh, bash, python3, node or an absolute path'],
    ['a relative interpreter path', { scriptInterpreter: 'bin/python' }, 'scriptInterpreter: must be one of'],
    ['an interpreter with arguments', { scriptInterpreter: '/usr/bin/env python3' }, 'scriptInterpreter: must be one of'],
  ])('script: %s', (_, patch, expected) => {
    expect(issues({ ...script, ...patch }).join('\n')).toContain(expected);
  });

  it.each(['sh', 'bash', 'python3', 'node', '/usr/bin/ruby'])('script: interpreter %s is accepted', (scriptInterpreter) => {
    expect(issues({ ...script, scriptInterpreter })).toEqual([]);
  });

  const http = { kind: 'http', httpUrl: 'https://example.com/', command: undefined } as const;
  it.each([
    [
      'CR/LF in a header value',
      { httpHeaders: { 'X-A': 'a\r\nX-Injected: 1' } },
      'httpHeaders.X-A: value must not contain a line break (CR or LF)',
    ],
    ['LF in a header name', { httpHeaders: { 'X-A\nB': 'x' } }, 'is not a valid header name'],
    ['a space in a header name', { httpHeaders: { 'X A': 'x' } }, 'is not a valid header name'],
    [
      'a header value over 8 KiB',
      { httpHeaders: { 'X-A': 'v'.repeat(8 * 1024 + 1) } },
      'httpHeaders.X-A: value must be at most 8 KiB',
    ],
  ])('%s', (_, patch, expected) => {
    expect(issues({ ...http, ...patch }).join('\n')).toContain(expected);
  });

  it('accepts values at the limits', () => {
    expect(
      issues({
        name: 'n'.repeat(200),
        command: 'x'.repeat(64 * 1024),
        payload: deep(31),
        env: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`V_${i}`, 'x'])),
      }),
    ).toEqual([]);
    expect(issues({ kind: 'http', httpUrl: 'https://example.com/', httpHeaders: { 'X-A': 'v'.repeat(8 * 1024) } })).toEqual([]);
  });

  it('a plain entry needs its value; a secret one may leave it out (keeps the stored one)', () => {
    expect(issues({ env: { A: { secret: false } } })).toEqual(['env.A: value is required']);
    expect(issues({ env: { API_TOKEN: { secret: true } } })).toEqual([]);
  });

  it('names the fields that define what a task runs, for the editor role', () => {
    expect(TASK_DEFINITION_FIELDS).toEqual(
      expect.arrayContaining(['command', 'cwd', 'env', 'handler', 'httpBody', 'httpHeaders', 'httpMethod', 'httpUrl', 'kind', 'payload']),
    );
    for (const board of ['name', 'description', 'priority', 'labels', 'assignee', 'paused']) expect(TASK_DEFINITION_FIELDS).not.toContain(board);
  });
});

describe('secret-looking names', () => {
  it.each([
    ['API_KEY', true],
    ['GITHUB_TOKEN', true],
    ['db_password', true],
    ['CLIENT_SECRET', true],
    ['Authorization', true],
    ['authorization', true],
    ['X-Api-Key', true],
    ['LOG_LEVEL', false],
    ['Content-Type', false],
  ])('%s → %s', (name, secret) => {
    expect(looksSecret(name)).toBe(secret);
  });
});

describe('ALLOWED_WORKDIRS at save time', () => {
  it('accepts a cwd inside a root (or relative to the first) and refuses one outside, naming the roots', () => {
    expect(workdirProblem('/srv/jobs/nightly', ['/srv/jobs', '/opt/scripts'])).toBeNull();
    expect(workdirProblem('nightly', ['/srv/jobs'])).toBeNull();
    expect(workdirProblem('/srv/jobs2', ['/srv/jobs'])).toBe(
      '/srv/jobs2 is outside the allowed working directories (ALLOWED_WORKDIRS: /srv/jobs)',
    );
    expect(workdirProblem('../etc', ['/srv/jobs'])).toContain('/srv/etc is outside');
  });
});

describe('export of secrets (for `cronboard export`)', () => {
  it('writes each secret as a ${NAME} reference and plain values as they are', () => {
    expect(entriesForExport('env', { API_KEY: 'enc:v1:a:b:c', LOG_LEVEL: 'info' })).toEqual({
      entries: { API_KEY: '${API_KEY}', LOG_LEVEL: 'info' },
      variables: ['API_KEY'],
    });
    expect(entriesForExport('httpHeaders', { Authorization: 'enc:v1:a:b:c', 'X-Api-Key': 'enc:v1:d:e:f' })).toEqual({
      entries: { Authorization: '${AUTHORIZATION}', 'X-Api-Key': '${X_API_KEY}' },
      variables: ['AUTHORIZATION', 'X_API_KEY'],
    });
    expect(exportVariableName('httpHeaders', '1-x')).toBe('_1_X');
    expect(entriesForExport('env', null)).toBeNull();
  });
});
