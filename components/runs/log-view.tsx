'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { parseAnsi } from './ansi';

interface Chunk {
  seq: number;
  stream: 'stdout' | 'stderr' | 'system';
  data: string;
}

// Literal class names so Tailwind keeps them; contrast checked on both themes.
const ANSI_CLASSES: Record<string, string> = {
  'ansi-black': 'text-slate-500',
  'ansi-red': 'text-red-700 dark:text-red-400',
  'ansi-green': 'text-emerald-700 dark:text-emerald-400',
  'ansi-yellow': 'text-amber-700 dark:text-amber-300',
  'ansi-blue': 'text-blue-700 dark:text-blue-400',
  'ansi-magenta': 'text-fuchsia-700 dark:text-fuchsia-400',
  'ansi-cyan': 'text-cyan-700 dark:text-cyan-300',
  'ansi-white': 'text-slate-700 dark:text-slate-200',
  'ansi-bright-black': 'text-slate-500 dark:text-slate-400',
  'ansi-bright-red': 'text-red-600 dark:text-red-300',
  'ansi-bright-green': 'text-emerald-600 dark:text-emerald-300',
  'ansi-bright-yellow': 'text-amber-600 dark:text-amber-200',
  'ansi-bright-blue': 'text-blue-600 dark:text-blue-300',
  'ansi-bright-magenta': 'text-fuchsia-600 dark:text-fuchsia-300',
  'ansi-bright-cyan': 'text-cyan-600 dark:text-cyan-200',
  'ansi-bright-white': 'text-slate-900 dark:text-white',
  'ansi-bold': 'font-bold',
};

const STREAM_CLASSES: Record<Chunk['stream'], string> = {
  stdout: '',
  // Chunks are not lines: stdout and stderr flow inline so a line split across chunks stays one line.
  stderr: 'bg-red-50 text-red-800 dark:bg-red-950/60 dark:text-red-200',
  system:
    'my-1 block border-l-2 border-indigo-500 bg-indigo-50 pl-2 italic text-indigo-900 dark:bg-indigo-950/50 dark:text-indigo-200',
};

function ChunkText({ chunk }: { chunk: Chunk }) {
  return (
    <span data-stream={chunk.stream} className={`whitespace-pre-wrap break-words ${STREAM_CLASSES[chunk.stream]}`}>
      {chunk.stream !== 'stdout' && <span className="sr-only">{chunk.stream}: </span>}
      {parseAnsi(chunk.data).map((s, i) =>
        s.className ? (
          <span
            key={i}
            className={s.className
              .split(' ')
              .map((c) => ANSI_CLASSES[c] ?? '')
              .join(' ')}
          >
            {s.text}
          </span>
        ) : (
          s.text
        ),
      )}
    </span>
  );
}

type StreamState = 'connecting' | 'live' | 'ended' | 'failed';

/**
 * The run's output, following it live over server-sent events
 * (/api/runs/:id/logs) until the run is finished. Output is rendered as text,
 * ANSI colours as classes; stderr and system lines are marked.
 */
export function LogView({ runId, logTruncated }: { runId: number; logTruncated: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [chunks, setChunks] = useState<Chunk[]>([]);
  const [state, setState] = useState<StreamState>('connecting');
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLPreElement>(null);

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
  }, [chunks, follow]);

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
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
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
          chunks.map((c) => <ChunkText key={c.seq} chunk={c} />)
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
