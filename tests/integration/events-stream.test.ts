// GET /api/v1/events/stream called as Next.js calls it (a Request in, a streaming
// Response out) and its service, followEvents, on a real database (both providers):
// order, filters, auth, resume with Last-Event-ID while events keep coming, two
// readers on two separate database clients ("two web processes"), and events that
// commit out of id order (PostgreSQL) or roll back.

import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle, type Db } from '../../server/db';
import { writeTransaction } from '../../server/db/write-transaction';
import type { EventType } from '../../server/events/catalogue';
import { followEvents, type FollowEventsOptions } from '../../server/events/follow-events';
import { closeStreamReaders } from '../../server/events/stream-reader-db';
import { tokenFor } from './helpers/rest-client';
import { readSse, type SseEvent } from './helpers/sse-reader';
import { testProvider } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

const provider = testProvider();
type Handler = (request: Request) => Promise<Response>;

/** An event row as any writer inserts it (the type from the catalogue). */
const eventData = (type: EventType, taskKey: string | null = 'stream-task', n = 0) => ({
  type,
  actorType: 'system',
  actorName: 'system',
  taskKey,
  payload: { n },
});

describe(`events stream on ${provider}`, () => {
  const t = useTestDatabase({ app: true });
  let GET: Handler;
  let viewerToken: string;
  /** A second Prisma client on the same database: another web process's. */
  let other: DatabaseHandle;

  beforeAll(async () => {
    viewerToken = await tokenFor(t.db, 'viewer');
    GET = (await import('../../app/api/v1/events/stream/route')).GET;
    other = await openDatabase(t.url);
  });
  afterAll(async () => {
    await closeStreamReaders();
    await other?.close();
  });
  beforeEach(() => t.reset(['event']));

  const open = async (query = '', headers: Record<string, string> = {}, anonymous = false) => {
    const abort = new AbortController();
    const h = new Headers(headers);
    if (!anonymous) h.set('authorization', `Bearer ${viewerToken}`);
    const response = await GET(
      new Request(`http://localhost/api/v1/events/stream${query}`, { headers: h, signal: abort.signal }),
    );
    return { response, abort };
  };
  /**
   * An open stream, once it has sent its starting cursor: with no cursor given it starts after the
   * newest event when it first reads, which can be later than the response (a loaded machine), and
   * an event inserted before that read is rightly never sent.
   */
  const stream = async (query = '', headers: Record<string, string> = {}) => {
    const { response } = await open(query, headers);
    expect(response.status).toBe(200);
    const sse = readSse(response.body!);
    for (;;) {
      const message = await sse.next();
      if (message === null) throw new Error('the stream ended before its starting cursor');
      if (message.id !== undefined && message.data === undefined) return sse;
    }
  };
  const ids = (events: SseEvent[]) => events.map((e) => Number(e.id));
  const allIdsAfter = async (after: number) =>
    (await t.db.event.findMany({ where: { id: { gt: after } }, orderBy: { id: 'asc' }, select: { id: true } })).map((e) => e.id);

  /** Runs followEvents in the background, collecting what it yields. */
  const follow = (options: Omit<FollowEventsOptions, 'signal'>) => {
    const abort = new AbortController();
    const seen: number[] = [];
    const done = (async () => {
      for await (const batch of followEvents({ ...options, signal: abort.signal })) seen.push(...batch.events.map((e) => e.id));
    })();
    return { seen, stop: async () => (abort.abort(), await done) };
  };
  const waitFor = async (check: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!check() && Date.now() < deadline) await delay(25);
    return check();
  };

  /**
   * The clients writers use. SQLite: the process's own only; better-sqlite3 is synchronous, so a second
   * connection waiting for the write lock would block the event loop, and with it the holder's commit.
   */
  const writerDbs = () => (provider === 'sqlite' ? [t.db] : [t.db, other.db]);

  /** `writers` concurrent loops, alternating the clients, each inserting in a transaction that waits a little before committing. */
  const insertConcurrently = (dbs: Db[], writers: number, each: number) =>
    Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < each; i++) {
          await writeTransaction(dbs[(w + i) % dbs.length]!, async (tx) => {
            await tx.event.create({ data: eventData('task.updated', `writer-${w}`, i) });
            await delay(Math.floor(Math.random() * 15));
          });
        }
      }),
    );

  it('refuses anonymous callers (401) and serves a viewer an event stream', async () => {
    const anonymous = await open('', {}, true);
    expect(anonymous.response.status).toBe(401);
    expect(((await anonymous.response.json()) as { error: string }).error).toMatch(/sign in/i);

    await t.db.event.create({ data: eventData('task.created') });
    const [newest] = await allIdsAfter(0);
    const { response, abort } = await open();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const sse = readSse(response.body!);
    // First the reconnect delay, then the starting cursor: the newest event when it connected.
    expect((await sse.next())?.data).toBeUndefined();
    expect((await sse.next())?.id).toBe(String(newest));
    abort.abort();
    await sse.close();
  });

  it('answers a bad filter with 400 naming it', async () => {
    const { response } = await open('?type=run.nope');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/type: 'run\.nope' is not an event type/);
    const badCursor = await open('', { 'Last-Event-ID': 'abc' });
    expect(badCursor.response.status).toBe(400);
    expect(((await badCursor.response.json()) as { error: string }).error).toMatch(/Last-Event-ID must be an event id/);
  });

  it('delivers new events in order: id is the event id, event the type, data the event as the list shows it', async () => {
    const sse = await stream();
    await t.db.event.create({ data: eventData('task.created') });
    await t.db.event.create({ data: eventData('task.paused') });
    await t.db.event.create({ data: eventData('run.failed', 'stream-task') });
    const got = await sse.take(3);
    await sse.close();
    expect(ids(got)).toEqual(await allIdsAfter(0));
    expect(got.map((e) => e.event)).toEqual(['task.created', 'task.paused', 'run.failed']);
    const data = JSON.parse(got[2]!.data!) as Record<string, unknown>;
    expect(data).toMatchObject({ id: Number(got[2]!.id), type: 'run.failed', taskKey: 'stream-task', actorName: 'system' });
    expect(typeof data.summary).toBe('string');
    expect(new Date(data.at as string).getTime()).not.toBeNaN();
  });

  it('filters by type (exact, family, `run.` prefix) and task', async () => {
    const failedA = await stream('?type=run.failed&task=a');
    const runs = await stream('?type=run.');
    await t.db.event.create({ data: eventData('run.failed', 'b') });
    await t.db.event.create({ data: eventData('task.paused', 'a') });
    await t.db.event.create({ data: eventData('run.succeeded', 'a') });
    await t.db.event.create({ data: eventData('run.failed', 'a') });
    const [onlyA] = await failedA.take(1);
    expect(onlyA).toMatchObject({ event: 'run.failed' });
    expect(JSON.parse(onlyA!.data!)).toMatchObject({ taskKey: 'a' });
    expect((await runs.take(3)).map((e) => e.event)).toEqual(['run.failed', 'run.succeeded', 'run.failed']);
    await failedA.close();
    await runs.close();
  });

  it('two readers on two database clients see the same complete sequence while four writers insert', async () => {
    const start = (await allIdsAfter(0)).at(-1) ?? 0;
    const viaRoute = await stream(`?after=${start}`);
    const viaOther = follow({ db: other.db, after: start });
    await insertConcurrently(writerDbs(), 4, 15);
    const expected = await allIdsAfter(start);
    expect(expected).toHaveLength(60);
    expect(ids(await viaRoute.take(60, 15_000))).toEqual(expected);
    expect(await waitFor(() => viaOther.seen.length >= 60, 10_000)).toBe(true);
    await viaOther.stop();
    await viaRoute.close();
    expect(viaOther.seen).toEqual(expected);
  });

  it('resumes after Last-Event-ID with no gap and no repeat while events keep being inserted', async () => {
    const first = await stream('?after=0');
    const writing = insertConcurrently(writerDbs(), 3, 20);
    const before = await first.take(15, 15_000);
    await first.close();
    const resumed = await stream('?after=0', { 'Last-Event-ID': before.at(-1)!.id! });
    await writing;
    const after = await resumed.take(60 - before.length, 15_000);
    await resumed.close();
    expect([...ids(before), ...ids(after)]).toEqual(await allIdsAfter(0));
  });

  // SQLite has one writer at a time: ids cannot commit out of order (nor can one process hold two write transactions).
  it.skipIf(provider === 'sqlite')(
    'holds back an event that committed before an earlier id, and sends both in id order once the earlier one commits',
    async () => {
      const start = (await allIdsAfter(0)).at(-1) ?? 0;
      const reader = follow({ db: t.db, after: start });
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let earlyId = 0;
      const early = writeTransaction(
        t.db,
        async (tx) => {
          earlyId = (await tx.event.create({ data: eventData('task.updated', 'early') })).id;
          await Promise.race([released, delay(10_000)]);
        },
        { timeout: 20_000 },
      );
      await waitFor(() => earlyId > 0, 5_000);
      const late = other.db.event.create({ data: eventData('task.updated', 'late') });
      await delay(800);
      expect(reader.seen).toEqual([]);
      release();
      await early;
      const lateId = (await late).id;
      expect(lateId).toBeGreaterThan(earlyId);
      expect(await waitFor(() => reader.seen.length >= 2, 5_000)).toBe(true);
      await reader.stop();
      expect(reader.seen).toEqual([earlyId, lateId]);
    },
  );

  it('steps over an id whose transaction rolled back, without waiting for the give-up time', async () => {
    const start = (await allIdsAfter(0)).at(-1) ?? 0;
    // Another client reads (another web process): on SQLite the writer's own connection sees its open transaction.
    const reader = follow({ db: other.db, after: start, maxHoleWaitMs: 60_000 });
    await expect(
      writeTransaction(t.db, async (tx) => {
        await tx.event.create({ data: eventData('task.updated', 'rolled-back') });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const kept = await t.db.event.create({ data: eventData('task.updated', 'kept') });
    expect(await waitFor(() => reader.seen.length >= 1, 5_000)).toBe(true);
    await reader.stop();
    expect(reader.seen).toEqual([kept.id]);
  });
});
