// How a run ended, said once (issue 15: "failed in 1.0s (exit code 3): exit code 3").
import { describe, expect, it } from 'vitest';
import { describeRunEnd, describeRunEndLine } from '../../../server/runs/run-end';

describe('describeRunEnd', () => {
  it.each([
    ['the worker message already names the code', { exitCode: 3, signal: null, error: 'exit code 3' }, 'exit code 3'],
    [
      'a message naming the code in brackets',
      { exitCode: 127, signal: null, error: 'command not found: foo (exit code 127)' },
      'command not found: foo (exit code 127)',
    ],
    ['a code and no message', { exitCode: 1, signal: null, error: null }, 'exit code 1'],
    ['a message that does not name the code', { exitCode: 1, signal: null, error: 'boom' }, 'exit code 1 · boom'],
    ['a different code in the message', { exitCode: 13, signal: null, error: 'exit code 1' }, 'exit code 13 · exit code 1'],
    ['a signal the message names', { exitCode: null, signal: 'SIGTERM', error: 'timed out after 5 s (killed by SIGTERM)' }, 'timed out after 5 s (killed by SIGTERM)'],
    ['a signal alone', { exitCode: null, signal: 'SIGKILL', error: null }, 'killed by SIGKILL'],
    ['only a message (HTTP, handler)', { exitCode: null, signal: null, error: 'HTTP 503 Service Unavailable' }, 'HTTP 503 Service Unavailable'],
    ['nothing', { exitCode: null, signal: null, error: null }, null],
  ])('%s', (_, run, expected) => {
    expect(describeRunEnd(run)).toBe(expected);
  });
});

describe('describeRunEndLine (the runs table\'s Error column)', () => {
  it('keeps the first non-empty line of a many-line error', () => {
    expect(describeRunEndLine({ exitCode: 2, signal: null, error: '\n  Traceback (most recent call last):\n  File "x.py"\n' })).toBe(
      'exit code 2 · Traceback (most recent call last):',
    );
    expect(describeRunEndLine({ exitCode: null, signal: 'SIGKILL', error: null })).toBe('killed by SIGKILL');
    expect(describeRunEndLine({ exitCode: null, signal: null, error: null })).toBeNull();
  });
});
