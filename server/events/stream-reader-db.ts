import { openDatabase, type DatabaseHandle, type Db } from '../db';

// One per database URL and process, on globalThis (Next.js bundles this module into more than one chunk).
const store = globalThis as unknown as { __cronboardStreamReaders?: Map<string, Promise<DatabaseHandle>> };

/**
 * The client the events stream reads with. PostgreSQL: the process's own (each
 * transaction holds a pool connection of its own, so a read never sees one
 * uncommitted). SQLite: a second connection to the same file, because the
 * process's single connection sees its own open transaction's rows: the stream
 * would send an event that a rollback then undoes, and, AUTOINCREMENT reusing
 * the rolled-back id, never send the event that takes the id next.
 */
export function streamReaderDb(handle: DatabaseHandle): Promise<Db> {
  if (handle.provider !== 'sqlite') return Promise.resolve(handle.db);
  const readers = (store.__cronboardStreamReaders ??= new Map<string, Promise<DatabaseHandle>>());
  let reader = readers.get(handle.url);
  if (!reader) {
    reader = openDatabase(handle.url).catch((error: unknown) => {
      readers.delete(handle.url);
      throw error;
    });
    readers.set(handle.url, reader);
  }
  return reader.then((h: DatabaseHandle) => h.db);
}

/** Closes the readers streamReaderDb opened (tests, before dropping their database). */
export async function closeStreamReaders(): Promise<void> {
  const readers = store.__cronboardStreamReaders;
  store.__cronboardStreamReaders = undefined;
  for (const reader of readers?.values() ?? []) await (await reader).close();
}
