'use client';

// Live updates from GET /api/v1/events/stream: one EventSource per browser tab,
// shared by every component that subscribes. A subscriber names the event
// families or types it cares about and gets a throttled `onChange` (refetch your
// queries) when one arrives, and once each time the stream (re)connects, for the
// events missed while it was down. While the stream is down, `fallbackPollMs`
// gives the slower poll that stands in for it.
import { useEffect, useRef, useState } from 'react';
import { EVENT_TYPE_LIST, eventTypesMatching } from '@/server/events/catalogue';

const STREAM_URL = '/api/v1/events/stream';
/** Kept open this long after the last subscriber leaves, so moving between pages does not reconnect. */
const CLOSE_AFTER_MS = 5_000;
/** After the server refused the stream (signed out, restarted), try again this often. */
const REOPEN_MS = 10_000;

interface Subscriber {
  types: Set<string>;
  onEvent(): void;
  onOpen(): void;
  onLive(live: boolean): void;
}

const subscribers = new Set<Subscriber>();
let source: EventSource | null = null;
let live = false;
let closeTimer: ReturnType<typeof setTimeout> | undefined;
let reopenTimer: ReturnType<typeof setTimeout> | undefined;
let stopped = false;

function setLive(next: boolean) {
  live = next;
  for (const s of subscribers) s.onLive(next);
}

function open() {
  if (source || stopped || typeof EventSource === 'undefined') return;
  const es = new EventSource(STREAM_URL);
  source = es;
  es.onopen = () => {
    setLive(true);
    for (const s of subscribers) s.onOpen();
  };
  es.onerror = () => {
    setLive(false);
    // CONNECTING: the browser reconnects by itself (sending Last-Event-ID). CLOSED: it gave up.
    if (es.readyState === EventSource.CLOSED && source === es) {
      source = null;
      clearTimeout(reopenTimer);
      reopenTimer = setTimeout(() => subscribers.size > 0 && open(), REOPEN_MS);
    }
  };
  // Each event's SSE `event:` is its type, so a listener per catalogue type.
  for (const type of EVENT_TYPE_LIST) {
    es.addEventListener(type, () => {
      for (const s of subscribers) if (s.types.has(type)) s.onEvent();
    });
  }
}

/**
 * Closes the tab's stream for good (until the next page load): signing out ends the session, and a
 * reconnect after that would only be refused (a 401 in the console).
 */
export function closeEventStream(): void {
  stopped = true;
  clearTimeout(closeTimer);
  clearTimeout(reopenTimer);
  source?.close();
  source = null;
  setLive(false);
}

function subscribe(subscriber: Subscriber): () => void {
  subscribers.add(subscriber);
  clearTimeout(closeTimer);
  open();
  subscriber.onLive(live);
  return () => {
    subscribers.delete(subscriber);
    if (subscribers.size > 0) return;
    closeTimer = setTimeout(() => {
      if (subscribers.size > 0) return;
      source?.close();
      source = null;
      clearTimeout(reopenTimer);
      setLive(false);
    }, CLOSE_AFTER_MS);
  };
}

export interface UseEventStreamOptions {
  /** Families or types, as the events list takes them (`run`, `task`, `run.failed`, `*`). */
  types: readonly string[];
  /** Refetch what the page shows. Called at most once per `throttleMs` (default 250 ms), and once on every (re)connect. */
  onChange: () => void;
  /** Hold changes back (a drag in progress); one `onChange` follows when it ends, if anything came meanwhile. */
  paused?: boolean;
  throttleMs?: number;
}

/** Subscribes to the events stream; returns whether it is connected (poll as a fallback when not). */
export function useEventStream(options: UseEventStreamOptions): boolean {
  const [connected, setConnected] = useState(false);
  const latest = useRef(options);
  const dirty = useRef(false);
  const typesKey = options.types.join(',');

  useEffect(() => {
    latest.current = options;
  });

  useEffect(() => {
    const throttleMs = latest.current.throttleMs ?? 250;
    let last = 0;
    let trailing: ReturnType<typeof setTimeout> | undefined;
    const fire = () => {
      if (latest.current.paused) {
        dirty.current = true;
        return;
      }
      const wait = last + throttleMs - Date.now();
      if (wait > 0) {
        trailing ??= setTimeout(() => {
          trailing = undefined;
          fire();
        }, wait);
        return;
      }
      last = Date.now();
      latest.current.onChange();
    };
    const unsubscribe = subscribe({
      types: new Set(typesKey.split(',').flatMap(eventTypesMatching)),
      onEvent: fire,
      onOpen: fire,
      onLive: setConnected,
    });
    return () => {
      clearTimeout(trailing);
      unsubscribe();
    };
  }, [typesKey]);

  useEffect(() => {
    if (!options.paused && dirty.current) {
      dirty.current = false;
      latest.current.onChange();
    }
  }, [options.paused]);

  return connected;
}

/**
 * The poll that stands in for the stream while it is down (TanStack Query's
 * `refetchInterval`): off while connected. `localStorage['cronboard.fallbackPollMs']`
 * overrides `ms` (the end-to-end tests slow it down to prove the stream does the work).
 */
export function fallbackPollMs(connected: boolean, ms: number): number | false {
  if (connected) return false;
  let override = NaN;
  try {
    override = Number(localStorage.getItem('cronboard.fallbackPollMs') ?? NaN);
  } catch {
    // no localStorage (server render, storage blocked): the default
  }
  return Number.isFinite(override) && override > 0 ? override : ms;
}
