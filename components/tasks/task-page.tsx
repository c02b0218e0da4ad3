'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { toast } from 'sonner';
import { TaskAlerts } from '@/components/alerts/task-alerts';
import { useTRPC } from '@/components/trpc/client';
import { PriorityBadge, RunStatusBadge } from '@/components/ui/badges';
import { NotFoundPanel } from '@/components/ui/not-found-panel';
import { Term } from '@/components/ui/term';
import { isStoppedColumn, ONE_TIME_SPENT_TEXT, oneTimeScheduleSpent, STATUS_TITLES } from '@/server/tasks/constants';
import { formatDuration, formatInZone, formatUtc } from './format';
import { LastFailure } from './last-failure';
import { MarkdownText } from './markdown';
import { RunHistory } from './run-history';
import { TaskActions } from './task-actions';
import { TaskChain } from './task-chain';
import { TaskStats } from './task-stats';
import type { TaskDetail } from './types';

const card = 'rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Term look="row" term={label}>
      {children}
    </Term>
  );
}

function NextFireTimes({ task }: { task: TaskDetail }) {
  const inactive = task.paused ? 'Paused: the schedule does not fire until resumed.' : isStoppedColumn(task.status) ? `In ${STATUS_TITLES[task.status]}: the schedule does not fire.` : null;
  return (
    <section aria-labelledby="schedule-heading" className={card}>
      <h2 id="schedule-heading" className="text-base font-semibold">
        Schedule
      </h2>
      <p className="mt-1 font-mono text-sm">{task.schedule}</p>
      <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="schedule-description">
        {task.scheduleDescription}
      </p>
      {inactive ? <p className="mt-2 rounded bg-amber-50 px-2 py-1 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">{inactive}</p> : null}
      <h3 className="mt-3 text-xs font-medium text-slate-600 dark:text-slate-400">{inactive ? 'Would next fire at' : 'Next fire times'}</h3>
      {/* From the task's real nextRunAt (tasks.detail nextFireTimes): what the worker will do. */}
      <div className="min-h-[6.5rem]">
        {task.nextFireTimes.length > 0 ? (
          <ol className="mt-1 space-y-0.5 font-mono text-xs tabular-nums" aria-label="Next fire times">
            {task.nextFireTimes.map((d) => (
              <li key={d.toISOString()}>{formatInZone(d, task.timezone)}</li>
            ))}
          </ol>
        ) : task.scheduleDescription.startsWith('Invalid schedule') ? (
          <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
            {task.scheduleDescription}
          </p>
        ) : (
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{task.scheduleKind === 'manual' ? 'Manual: runs only when triggered.' : task.scheduleKind === 'event' ? 'Runs each time its trigger fires (see Chain).' : 'No upcoming fire times.'}</p>
        )}
      </div>
      <dl className="mt-2 border-t border-slate-100 pt-2 dark:border-slate-800">
        <Row label="Next run">{task.nextRunAt ? formatUtc(task.nextRunAt) : oneTimeScheduleSpent(task) ? ONE_TIME_SPENT_TEXT : '—'}</Row>
        <Row label="Last run">
          {task.lastRunAt ? formatUtc(task.lastRunAt) : '—'} {task.lastRunStatus ? <RunStatusBadge status={task.lastRunStatus} /> : null}
        </Row>
      </dl>
    </section>
  );
}

function WhatRuns({ task }: { task: TaskDetail }) {
  const { input } = task;
  const envKeys = Object.keys(input.env ?? {});
  const headerKeys = Object.keys(input.httpHeaders ?? {});
  return (
    <section aria-labelledby="runs-what-heading" className={card}>
      <h2 id="runs-what-heading" className="mb-2 text-base font-semibold">
        What it runs
      </h2>
      <dl>
        <Row label="Kind">{task.kind}</Row>
        {task.kind === 'shell' ? (
          <Row label="Command">
            <code className="block whitespace-pre-wrap break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800">{input.command}</code>
          </Row>
        ) : null}
        {task.kind === 'script' ? (
          <>
            <Row label="Interpreter">
              <code className="font-mono text-xs">{input.scriptInterpreter}</code>
            </Row>
            <Row label="Script">
              <pre aria-label="Script" className="block max-h-80 overflow-auto whitespace-pre rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800">{input.scriptBody}</pre>
            </Row>
          </>
        ) : null}
        {task.kind === 'shell' || task.kind === 'script' ? (
          <>
            <Row label="Working directory">{input.cwd ? <code className="font-mono text-xs">{input.cwd}</code> : 'the worker’s'}</Row>
            <Row label="Environment">{envKeys.length ? <code className="font-mono text-xs">{envKeys.join(', ')}</code> : 'none'}</Row>
          </>
        ) : null}
        {task.kind === 'http' ? (
          <>
            <Row label="Request">
              <code className="break-all font-mono text-xs">
                {input.httpMethod ?? 'GET'} {input.httpUrl}
              </code>
            </Row>
            <Row label="Headers">{headerKeys.length ? <code className="font-mono text-xs">{headerKeys.join(', ')}</code> : 'none'}</Row>
            {input.httpBody ? (
              <Row label="Body">
                <code className="block max-h-40 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800">{input.httpBody}</code>
              </Row>
            ) : null}
          </>
        ) : null}
        {task.kind === 'handler' ? <Row label="Handler">{input.handler}</Row> : null}
        {input.payload !== undefined && input.payload !== null ? (
          <Row label="Payload">
            <code className="block max-h-40 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800">{JSON.stringify(input.payload, null, 2)}</code>
          </Row>
        ) : null}
        <Row label="Retries">
          {input.maxRetries ?? 0}
          {input.maxRetries ? `, ${input.retryBackoff} backoff from ${input.retryDelaySeconds} s (cap ${input.retryMaxDelaySeconds} s)` : ''}
        </Row>
        <Row label="Timeout">{input.timeoutSeconds ? formatDuration(input.timeoutSeconds * 1000) : 'server default'}</Row>
        <Row label="Overlap">{input.overlap === 'allow' ? `allow, up to ${input.maxInstances}` : input.overlap}</Row>
        <Row label="Misfire">{input.misfire === 'skip' ? `skip after ${input.misfireGraceSeconds} s` : input.misfire?.replace('_', ' ')}</Row>
      </dl>
    </section>
  );
}

export function TaskPage({ taskKey }: { taskKey: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // While the task is being deleted nothing polls it, so no request meets the deleted task.
  const [deleting, setDeleting] = useState(false);
  const detailOptions = trpc.tasks.detail.queryOptions({ key: taskKey });
  const detail = useQuery({
    ...detailOptions,
    enabled: !deleting,
    retry: (count, error) => error.data?.code !== 'NOT_FOUND' && count < 1,
    refetchInterval: (q) => (q.state.data && (q.state.data.runningRunIds.length > 0 || q.state.data.queuedRuns > 0) ? 1_000 : 10_000),
  });
  const task = detail.data;
  const live = !!task && (task.runningRunIds.length > 0 || task.queuedRuns > 0);

  // When the last run finishes, the history and stats catch up at once.
  const wasLive = useRef(live);
  useEffect(() => {
    if (wasLive.current && !live) {
      void queryClient.invalidateQueries({ queryKey: trpc.tasks.history.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.tasks.stats.pathKey() });
    }
    wasLive.current = live;
  }, [live, queryClient, trpc]);

  if (detail.isError) {
    const notFound = detail.error.data?.code === 'NOT_FOUND';
    return (
      <NotFoundPanel
        title={notFound ? 'No such task' : 'The task could not be loaded'}
        message={detail.error.message}
        backHref="/"
        backLabel="Back to the board"
      />
    );
  }
  if (!task) {
    return (
      <div aria-busy className="space-y-4">
        <div className="h-8 w-64 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
        <div className="h-9 w-96 max-w-full animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
        <div className="grid gap-4 lg:grid-cols-3">
          <div className="h-64 animate-pulse rounded-lg bg-slate-100 lg:col-span-2 dark:bg-slate-900" />
          <div className="h-64 animate-pulse rounded-lg bg-slate-100 dark:bg-slate-900" />
        </div>
      </div>
    );
  }

  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.tasks.detail.queryKey({ key: taskKey }) }).then(() => toast.info('Reloaded the task.'));
  };

  return (
    <div className="space-y-5">
      <div>
        <Link href="/" className="text-sm text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
          ← Board
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1">
          <h1 className="break-words text-xl font-semibold tracking-tight">{task.name}</h1>
          <PriorityBadge priority={task.priority} />
          <span className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] font-medium text-slate-800 dark:bg-slate-800 dark:text-slate-200">{STATUS_TITLES[task.status]}</span>
          {task.paused ? <span className="rounded bg-amber-100 px-1.5 py-0.5 text-[11px] font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">paused</span> : null}
          {task.runningRunIds.length ? <RunStatusBadge status="running" /> : null}
        </div>
        <p className="mt-1 flex flex-wrap gap-x-3 text-sm text-slate-600 dark:text-slate-400">
          <code className="font-mono">{task.key}</code>
          {task.labels.length ? <span>Labels: {task.labels.map((l) => l.name).join(', ')}</span> : null}
          {task.assignee ? <span>Assignee: {task.assignee}</span> : null}
          <span>
            Version {task.version}, updated {formatUtc(task.updatedAt)}
          </span>
        </p>
      </div>

      <TaskActions task={task} onConflict={reload} onDeleting={setDeleting} />

      <div className="grid min-w-0 gap-5 lg:grid-cols-3">
        <div className="min-w-0 space-y-5 lg:col-span-2">
          {task.lastFailure ? <LastFailure failure={task.lastFailure} failing={task.lastRunStatus === 'failed' || task.lastRunStatus === 'timed_out'} /> : null}
          <section aria-labelledby="description-heading" className={card}>
            <h2 id="description-heading" className="mb-2 text-base font-semibold">
              Description
            </h2>
            {task.description.trim() ? (
              <MarkdownText text={task.description} testId="task-description" />
            ) : (
              <p className="text-sm text-slate-600 dark:text-slate-400">No description.</p>
            )}
          </section>
          <WhatRuns task={task} />
          <RunHistory taskKey={task.key} live={live} enabled={!deleting} />
          {deleting ? null : <TaskAlerts taskKey={task.key} />}
        </div>
        <div className="min-w-0 space-y-5">
          <NextFireTimes task={task} />
          <TaskChain taskKey={task.key} managed={task.managedIn !== null} />
          <TaskStats taskKey={task.key} live={live} enabled={!deleting} />
        </div>
      </div>
    </div>
  );
}
