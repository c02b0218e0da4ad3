// The board rules shared by the server and the components: which columns stop
// a schedule, and the key a name gives (the task form proposes it, quick add
// uses it), so the same name makes the same key wherever a task is created.
import { describe, expect, it } from 'vitest';
import { isStoppedColumn, STOPPED_COLUMNS, TASK_STATUSES } from '../../../server/tasks/constants';
import { keyFromName, taskKeySchema } from '../../../server/tasks/schemas';

describe('isStoppedColumn', () => {
  it('is true for Done and Cancelled only', () => {
    expect(TASK_STATUSES.filter((s) => isStoppedColumn(s))).toEqual(['done', 'cancelled']);
    expect([...STOPPED_COLUMNS]).toEqual(['done', 'cancelled']);
    expect(isStoppedColumn('archived')).toBe(false);
  });
});

describe('keyFromName', () => {
  it.each([
    ['Nightly backup!', 'nightly-backup'],
    ['Café crème', 'cafe-creme'],
    ['  --Rotate  API_keys--  ', 'rotate-api-keys'],
    ['Ünïcödé ﬁle (v2.1)', 'unicode-file-v2-1'],
    ['Backup → S3 @ 02:00', 'backup-s3-02-00'],
    ['İstanbul report', 'istanbul-report'],
  ])('%j → %j', (name, key) => {
    expect(keyFromName(name)).toBe(key);
  });

  it('gives nothing for a name with no letter or digit', () => {
    expect(keyFromName('!!! ???')).toBe('');
    expect(keyFromName('')).toBe('');
  });

  it('cuts long names to 60 characters without a trailing dash, leaving room for a suffix', () => {
    const key = keyFromName(`${'a'.repeat(59)} b and more words after it`);
    expect(key).toBe('a'.repeat(59));
    expect(keyFromName('word '.repeat(40)).length).toBeLessThanOrEqual(60);
    expect(keyFromName('word '.repeat(40))).not.toMatch(/-$/);
    expect(`${keyFromName('x'.repeat(200))}-1a2b`.length).toBeLessThanOrEqual(80);
  });

  it('always makes a key the task schema accepts', () => {
    const names = ['Nightly backup!', '9 lives', 'a', 'Ω mega', '---x---', 'word '.repeat(40), 'Ärger über Öl', 'tab\tand\nnewline'];
    for (const name of names) {
      const key = keyFromName(name);
      expect(key, name).not.toBe('');
      expect(taskKeySchema.safeParse(key).success, `${name} → ${key}`).toBe(true);
    }
  });
});
