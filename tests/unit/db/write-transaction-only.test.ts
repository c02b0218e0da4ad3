// Every transaction that writes goes through writeTransaction (server/db/write-transaction.ts),
// which takes SQLite's write lock first. A bare `$transaction(` (or a hand-called
// lockForWrite) anywhere else is how the SQLITE_BUSY-on-upgrade bug comes back.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const SKIP_DIRS = new Set(['node_modules', '.next', '.git', 'generated', 'test-results', 'playwright-report', 'data', 'dist']);
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const ALLOWED = `server${sep}db${sep}`;
const THIS_FILE = relative(root, __filename);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...sourceFiles(join(dir, entry.name)));
    } else if (SOURCE.test(entry.name)) out.push(join(dir, entry.name));
  }
  return out;
}

/** `file:line: text` for each line matching `pattern` outside server/db/. */
function offenders(pattern: RegExp): string[] {
  const hits: string[] = [];
  for (const file of sourceFiles(root)) {
    const rel = relative(root, file);
    if (rel.startsWith(ALLOWED) || rel === THIS_FILE) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (pattern.test(line)) hits.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
  }
  return hits;
}

describe('write transactions', () => {
  it('scans the source tree (the walk finds the services it guards)', () => {
    const files = sourceFiles(root).map((f) => relative(root, f));
    expect(files).toContain(join('server', 'db', 'write-transaction.ts'));
    expect(files).toContain(join('server', 'board', 'move-task.ts'));
    expect(files.some((f) => f.startsWith(`generated${sep}`) || f.includes(`${sep}node_modules${sep}`))).toBe(false);
  });

  it('open only through writeTransaction: no bare $transaction( outside server/db/', () => {
    expect(offenders(/\$transaction\s*\(/)).toEqual([]);
  });

  it('take the SQLite write lock only inside writeTransaction: no lockForWrite( outside server/db/', () => {
    expect(offenders(/\blockForWrite\s*\(/)).toEqual([]);
  });

  it('the pattern catches what it must (a call spelled as services spell it)', () => {
    const pattern = /\$transaction\s*\(/;
    expect(pattern.test('  return options.db.$transaction(async (tx) => {')).toBe(true);
    expect(pattern.test('const [a, b] = await db.$transaction([')).toBe(true);
    expect(pattern.test("type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];")).toBe(false);
  });
});
