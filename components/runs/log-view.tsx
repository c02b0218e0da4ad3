'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { findMatches, logLines, type LogChunk } from './log-lines';
import { LogSearch } from './log-search';
import { LogText } from './log-text';

type Chunk = LogChunk;

type StreamState = 'connecting' | 'live' | 'ended' | 'failed';

const TIMES_KEY = 'cronboard-log-times';

/**
 * The run's output, following it live over server-sent events
 * (/api/runs/:id/logs) until the run is finished. Output is rendered as text in
 * lines, ANSI colours as classes; stderr and system lines are marked. Line
 * times (UTC) can be shown, the log searched (next/previous match); Follow is
 * off once the run has finished.
 */
export function LogView({ runId, logTruncated, finished }: { runId: number; logTruncated: boolean; finished?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [chunks, setChunks] = useState<Chunk[]>([]);
  const [state, setState] = useState<StreamState>('connecting');
  const [follow, setFollow] = useState(finished !== true);
  const [times, setTimes] = useState(false);
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const box = useRef<HTMLPreElement>(null);

  const lines = useMemo(() => logLines(chunks), [chunks]);
  const matches = useMemo(() => findMatches(lines, query), [lines, query]);
  const currentMatch = matches.length === 0 ? -1 : Math.min(current, matches.length - 1);
  const ended = state === 'ended' || finished === true;

  useEffect(() => setTimes(localStorage.getItem(TIMES_KEY) === '1'), []);
  useEffect(() => {
    if (ended) setFollow(false);
  }, [ended]);
  // The current match in view (inside the log box only), and no follow pulling away from it.
  useEffect(() => {
    if (currentMatch < 0 || !box.current) return;
    const mark = box.current.querySelector<HTMLElement>('[data-current-match]');
    if (!mark) return;
    const boxRect = box.current.getBoundingClientRect();
    const markRect = mark.getBoundingClientRect();
    box.current.scrollTop += markRect.top - boxRect.top - boxRect.height / 2;
  }, [currentMatch, query, matches]);
  const step = (delta: 1 | -1) => {
    if (matches.length === 0) return;
    setFollow(false);
    setCurrent((c) => (Math.min(c, matches.length - 1) + delta + matches.length) % matches.length);
  };

  useEffect(() => {
    const source = new EventSource(`/api/runs/${runId}/logs`);
    let lastSeq = -1;
    source.addEventListener('open', () => setState((s) => (s === 'ended' ? s : 'live')));
    source.addEventListener('chunks', (event) => {
      const update = JSON.parse((event as MessageEvent<string>).data) as { chunks: Chunk[] };
      const fresh = update.chunks.filter((c) => c.seq > lastSeq);
      if (fresh.length === 0) return;
      lastSeq = fresh.at(-1)!.seq;
      setChunks((prev) => [...prev, ...fresh]);
    });
    source.addEventListener('end', () => {
      source.close();
      setState('ended');
      void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id: runId }) });
    });
    source.addEventListener('failure', () => {
      source.close();
      setState('failed');
    });
    // EventSource reconnects by itself (resuming after the last id); only a closed source is final.
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) setState((s) => (s === 'ended' ? s : 'failed'));
    });
    return () => source.close();
  }, [runId, queryClient, trpc]);

  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines, follow]);

  const status =
    state === 'connecting'
      ? 'Connecting…'
      : state === 'live'
        ? 'Live: new output appears as the run writes it'
        : state === 'ended'
          ? 'Complete'
          : 'The live log stopped; reload to try again.';

  return (
    <section aria-labelledby="log-heading" className="mt-6">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id="log-heading" className="text-base font-semibold">
          Log
        </h2>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <span role="status" data-log-state={state} className="text-slate-600 dark:text-slate-300">
            {state === 'live' && (
              <span aria-hidden="true" className="mr-1 inline-block size-2 animate-pulse rounded-full bg-emerald-500" />
            )}
            {status}
          </span>
          <label className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={times}
              onChange={(e) => {
                setTimes(e.target.checked);
                localStorage.setItem(TIMES_KEY, e.target.checked ? '1' : '0');
              }}
            />{' '}
            Times
          </label>
          <label className="flex items-center gap-1" title={ended ? 'The run has finished: nothing more to follow' : undefined}>
            <input type="checkbox" checked={follow} disabled={ended} onChange={(e) => setFollow(e.target.checked)} /> Follow
          </label>
          <a
            href={`/api/runs/${runId}/logs/download`}
            download={`run-${runId}.log`}
            className="rounded-md border border-slate-300 px-3 py-1 font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            Download
          </a>
        </div>
      </div>
      <div className="mb-2">
        <LogSearch
          query={query}
          onQuery={(q) => {
            setQuery(q);
            setCurrent(0);
          }}
          count={matches.length}
          current={currentMatch}
          onStep={step}
        />
      </div>
      <pre
        ref={box}
        tabIndex={0}
        aria-label={`Output of run #${runId}`}
        className="h-[28rem] overflow-auto rounded-lg border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-5 text-slate-900 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-100"
      >
        {chunks.length === 0 ? (
          <span className="text-slate-500 dark:text-slate-400">
            {state === 'ended' ? 'This run wrote no output.' : 'No output yet.'}
          </span>
        ) : (
          <LogText lines={lines} times={times} matches={matches} current={currentMatch} />
        )}
      </pre>
      {logTruncated && (
        <p className="mt-2 text-sm font-medium text-amber-800 dark:text-amber-200">
          The output was longer than the log limit and was truncated; the end of the log says where.
        </p>
      )}
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        <span className="mr-3 bg-red-50 px-1 text-red-800 dark:bg-red-950/60 dark:text-red-200">stderr</span>
        <span className="border-l-2 border-indigo-500 pl-1">Cronboard (system)</span>
      </p>
    </section>
  );
}
