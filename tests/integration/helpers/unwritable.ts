import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Makes an SQLite database unwritable the way a full disk or an operator's
 * `chattr +i` does: the write-ahead log becomes immutable, so the next COMMIT
 * fails with a disk I/O error (the main file alone would not do: WAL mode only
 * writes it at checkpoints; the -shm file must stay writable, SQLite maps it).
 * Needs root (CAP_LINUX_IMMUTABLE) and a file system with the attribute (ext4,
 * xfs, btrfs): CI runs as root on ext4. `why` says why not, for a skip.
 */
export function immutableUnsupported(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (chattr +i) to make the database file unwritable';
  const dir = mkdtempSync(join(tmpdir(), 'cronboard-chattr-'));
  const probe = join(dir, 'probe');
  try {
    writeFileSync(probe, 'x');
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return null;
  } catch {
    return `chattr +i does not work on ${tmpdir()} (file system without the immutable attribute)`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function makeUnwritable(dbFile: string): void {
  execFileSync('chattr', ['+i', `${dbFile}-wal`]);
}

export function makeWritable(dbFile: string): void {
  execFileSync('chattr', ['-i', `${dbFile}-wal`]);
}

/** Settles within `ms` or says it hung: the point of these tests is that nothing hangs. */
export async function within<T>(ms: number, work: Promise<T>): Promise<{ value?: T; error?: Error; hung?: true }> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<{ hung: true }>((resolve) => (timer = setTimeout(() => resolve({ hung: true }), ms)));
  try {
    return await Promise.race([work.then((value) => ({ value }), (error: Error) => ({ error })), hung]);
  } finally {
    clearTimeout(timer);
  }
}
