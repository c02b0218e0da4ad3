import { describe, expect, it, vi } from 'vitest';
import { LogSink } from '../../../worker/executor/log-sink';
import { maskedForms, SecretMasker } from '../../../worker/executor/mask';
import type { LogChunk } from '../../../worker/executor/types';

const SECRET = 'p4ss word/+=&?';

/** Feeds the pieces one by one, as separate writes, and returns what would be stored. */
function through(masker: SecretMasker, pieces: string[]): string {
  return pieces.map((p) => masker.push('stdout', p)).join('') + masker.finish('stdout');
}

describe('SecretMasker', () => {
  it('masks the value, its base64 and its URL-encoded forms', () => {
    const base64 = Buffer.from(SECRET).toString('base64');
    const url = encodeURIComponent(SECRET);
    expect(maskedForms(SECRET)).toEqual(expect.arrayContaining([SECRET, base64, url]));
    const masker = new SecretMasker([SECRET]);
    expect(through(masker, [`plain ${SECRET}\nb64 ${base64}\nurl ?q=${url}&x=1\n`])).toBe('plain ***\nb64 ***\nurl ?q=***&x=1\n');
  });

  it('masks a value split across two writes, at every split point, and leaves other text whole', () => {
    const masker = new SecretMasker(['abcdefgh-secret']);
    const line = 'before abcdefgh-secret after\n';
    for (let cut = 1; cut < line.length; cut++) {
      expect(through(masker, [line.slice(0, cut), line.slice(cut)])).toBe('before *** after\n');
    }
    expect(through(masker, [...'x abcdefgh-secret y'])).toBe('x *** y');
  });

  it('holds back only a tail that could begin a secret, so live output is not delayed otherwise', () => {
    const masker = new SecretMasker(['abcdefgh-secret']);
    expect(masker.push('stdout', 'progress 10%\n')).toBe('progress 10%\n');
    expect(masker.push('stdout', 'token: abcd')).toBe('token: ');
    expect(masker.push('stdout', 'efgh-secret!\n')).toBe('***!\n');
    // A prefix that never completes comes out at the end, unmasked.
    expect(masker.push('stdout', 'abc')).toBe('');
    expect(masker.finish('stdout')).toBe('abc');
  });

  it('does not leak the rest of a longer secret when a shorter one matches inside it at a write boundary', () => {
    const masker = new SecretMasker(['abcdefgh', 'cdef']);
    expect(through(masker, ['xxabcdef', 'gh yy cdef'])).toBe('xx*** yy ***');
  });

  it('ignores values shorter than 4 characters (they would blot out ordinary output)', () => {
    expect(through(new SecretMasker(['ab']), ['ab cab'])).toBe('ab cab');
  });
});

describe('LogSink with secrets', () => {
  it('stores *** for a secret in output split across chunks and in system lines, per stream', async () => {
    const chunks: LogChunk[] = [];
    const sink = new LogSink({
      writeLogs: async (c) => void chunks.push(...c),
      maxLogBytes: 1024 * 1024,
      logger: { error: vi.fn(), warn: vi.fn() },
      secrets: ['tok-123456789'],
    });
    sink.system('GET https://example.com/?t=tok-123456789');
    sink.write('stdout', Buffer.from('value=tok-1234'));
    sink.write('stderr', Buffer.from('err tok-123456789\n'));
    sink.write('stdout', Buffer.from('56789\n'));
    await sink.close();
    const stored = chunks.map((c) => c.data).join('');
    expect(stored).not.toContain('tok-123456789');
    expect(
      chunks
        .filter((c) => c.stream === 'stdout')
        .map((c) => c.data)
        .join(''),
    ).toBe('value=***\n');
    expect(
      chunks
        .filter((c) => c.stream === 'stderr')
        .map((c) => c.data)
        .join(''),
    ).toBe('err ***\n');
    expect(chunks.find((c) => c.stream === 'system')?.data).toBe('GET https://example.com/?t=***');
  });
});
