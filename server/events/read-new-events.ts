// One read of the events stream: the events committed after a cursor, in id
// order, never skipping one that is still to commit.
//
// Why a hole needs care (PostgreSQL): ids come from a sequence when a row is
// inserted, not when it commits. Transaction A takes id 10, B takes id 11 and
// commits first; a reader that saw 11 and moved its cursor to 11 would never
// see 10 when A commits. So the cursor only moves over a contiguous run of ids.
// At a missing id (a "hole") we stop and find out whether it can still appear:
// every id below the highest one we read was handed out before that row
// committed, hence before our read, so the transaction holding it was already
// running then. We take a snapshot right after the read (`pg_current_snapshot()`)
// and, on a later read, once none of the transactions that snapshot lists as in
// progress is still in progress (`pg_xact_status`), a hole at or below that
// highest id is gone for good (rolled back, or pruned) and the cursor steps over
// it. Only a hole delays the stream, and only until those transactions end
// (transactions of other databases on the server excepted; at most maxHoleWaitMs,
// for an unrelated transaction left open for minutes).
// A transaction caught between taking its id and its first write (microseconds)
// has no transaction id yet and is not in the snapshot: that window is not covered.
//
// SQLite has one writer at a time, so ids commit in order (AUTOINCREMENT: never
// reused); a hole there is a deleted row and is stepped over at once.
import type { Db, Provider } from '../db';
import { providerOf } from '../db';
import { EVENT_VIEW_SELECT } from './event-view';
import type { EventView } from './event-view';

export type EventRow = Omit<EventView, 'summary'>;

export interface EventCursor {
  /** Every event with an id at or below this was read, or will never commit. */
  after: number;
  /** PostgreSQL: ids at or below `upTo` missing from a read, waiting for the transactions in `snapshot` to end. */
  pending: { upTo: number; snapshot: string; since: number; settled: boolean } | null;
}

export interface ReadNewEventsOptions {
  /** A client, or a transaction's (then give `provider`): the webhook outbox reads inside the transaction that moves its cursor. */
  db: Pick<Db, 'event' | '$queryRawUnsafe'>;
  provider?: Provider;
  cursor: EventCursor;
  /** Rows per read (default 500). */
  limit?: number;
  /** Step over a PostgreSQL hole after this long even if a transaction of its snapshot is still open (default 5 s). */
  maxHoleWaitMs?: number;
  now?: () => number;
}

export interface NewEvents {
  rows: EventRow[];
  cursor: EventCursor;
  /** The read was full: read again at once. */
  more: boolean;
}

export async function readNewEvents(options: ReadNewEventsOptions): Promise<NewEvents> {
  const { db } = options;
  const limit = options.limit ?? 500;
  const now = options.now ?? Date.now;
  const postgres = (options.provider ?? providerOf(db as Db)) === 'postgresql';
  let pending = options.cursor.pending;
  // Before the read: rows those transactions committed must be visible to it.
  if (pending && !pending.settled) {
    const settled = now() - pending.since >= (options.maxHoleWaitMs ?? 5_000) || (await transactionsEnded(db, pending.snapshot));
    pending = { ...pending, settled };
  }
  const rows = await db.event.findMany({
    where: { id: { gt: options.cursor.after } },
    orderBy: { id: 'asc' },
    take: limit,
    select: EVENT_VIEW_SELECT,
  });
  let after = options.cursor.after;
  let taken = 0;
  for (const row of rows) {
    const hole = row.id !== after + 1;
    const gone = !postgres || (pending !== null && pending.settled && row.id - 1 <= pending.upTo);
    if (hole && !gone) break;
    after = row.id;
    taken += 1;
  }
  if (pending && after >= pending.upTo) pending = null;
  if (taken < rows.length && (pending === null || pending.settled)) {
    pending = { upTo: rows.at(-1)!.id, snapshot: await currentSnapshot(db), since: now(), settled: false };
  }
  return { rows: rows.slice(0, taken), cursor: { after, pending }, more: rows.length === limit && taken === rows.length };
}

/** Where a stream with no cursor starts: after the newest event committed now. */
export async function latestEventCursor(db: Db): Promise<EventCursor> {
  const { _max } = await db.event.aggregate({ _max: { id: true } });
  return { after: _max.id ?? 0, pending: null };
}

async function currentSnapshot(db: ReadNewEventsOptions['db']): Promise<string> {
  const [row] = await db.$queryRawUnsafe<{ snapshot: string }[]>('SELECT pg_current_snapshot()::text AS snapshot');
  return row!.snapshot;
}

/**
 * Has every transaction `snapshot` saw in progress ended? Those of other
 * databases on the same server are left out (they cannot hold an id of our
 * Event table), as far as pg_stat_activity shows them; one it does not show
 * counts as still running.
 */
async function transactionsEnded(db: ReadNewEventsOptions['db'], snapshot: string): Promise<boolean> {
  const [row] = await db.$queryRawUnsafe<{ running: number }[]>(
    `SELECT count(*)::int AS running FROM pg_snapshot_xip($1::pg_snapshot) AS x
      WHERE pg_xact_status(x) = 'in progress'
        AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                         WHERE a.backend_xid::text = (x::text::bigint % 4294967296)::text
                           AND a.datname IS DISTINCT FROM current_database())`,
    snapshot,
  );
  return row!.running === 0;
}
