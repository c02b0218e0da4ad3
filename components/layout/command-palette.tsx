'use client';

import { Command } from 'cmdk';
import { useMutation, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { usePermission } from '@/components/auth/use-permission';
import { useDebounced } from '@/components/tasks/use-debounced';
import { useTRPC } from '@/components/trpc/client';
import { RunStatusBadge } from '@/components/ui/badges';
import { NEW_TASK, PAGE_COMMANDS, focusedTaskKey, matchCommands, type PaletteCommand } from './palette-commands';

const item =
  'flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm data-[selected=true]:bg-indigo-600 data-[selected=true]:text-white dark:data-[selected=true]:bg-indigo-500';
const heading =
  '[&_[cmdk-group-heading]]:px-3 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:text-slate-600 dark:[&_[cmdk-group-heading]]:text-slate-300';

/**
 * Find anything (Ctrl/⌘K, or the header's Search button): jump to a task by
 * name or key or a run by id, go to a page, New task, Run now on the card that
 * had focus. A native modal <dialog>: focus stays inside, Escape closes it and
 * focus returns to where it was.
 */
export function CommandPalette() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const dialog = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [taskKey, setTaskKey] = useState<string | null>(null);
  const canOperate = usePermission('operator');
  const canEdit = usePermission('editor');
  const q = useDebounced(query.trim(), 150);
  const found = useQuery({ ...trpc.search.find.queryOptions({ q }), enabled: open && q.length > 0, placeholderData: (prev) => prev });
  const runNow = useMutation(
    trpc.tasks.runNow.mutationOptions({
      onSuccess: (result, input) => toast.success(`Queued run #${result.runId ?? '?'} of ${input.key}`),
      onError: (error) => toast.error(error.message),
    }),
  );

  const show = () => {
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setTaskKey(focusedTaskKey(document.activeElement, window.location.pathname));
    setQuery('');
    setOpen(true);
  };
  const close = () => setOpen(false);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === 'k' && (event.metaKey || event.ctrlKey) && !event.altKey) {
        event.preventDefault();
        if (dialog.current?.open) close();
        else show();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) {
      d.close();
      returnFocus.current?.focus();
    }
  }, [open]);
  useEffect(() => close(), [pathname]);

  const commands: PaletteCommand[] = [
    ...(taskKey && canOperate ? [{ id: 'run-now', label: `Run now: ${taskKey}`, keywords: ['run', 'now', 'start', 'trigger'], action: 'run-now' as const, taskKey }] : []),
    ...(canEdit ? [NEW_TASK] : []),
    ...PAGE_COMMANDS,
  ];
  const shownCommands = matchCommands(commands, query);
  const choose = (c: PaletteCommand) => {
    close();
    if (c.action === 'run-now' && c.taskKey) runNow.mutate({ key: c.taskKey });
    else if (c.href) router.push(c.href);
  };
  const go = (href: string) => {
    close();
    router.push(href);
  };
  const results = q.length > 0 ? found.data : undefined;

  return (
    <>
      <button
        type="button"
        onClick={show}
        aria-keyshortcuts="Control+K Meta+K"
        className="inline-flex h-9 shrink-0 items-center gap-2 rounded-md border border-slate-300 px-2 text-sm text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        <svg aria-hidden viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          <circle cx="11" cy="11" r="7" />
          <path d="m20 20-3.5-3.5" />
        </svg>
        <span className="sr-only 2xl:not-sr-only">Find</span>
        <kbd className="hidden rounded border border-slate-300 px-1 text-[11px] 2xl:inline dark:border-slate-600">Ctrl K</kbd>
      </button>
      <dialog
        ref={dialog}
        aria-label="Find anything"
        onClose={() => setOpen(false)}
        onClick={(e) => {
          if (e.target === dialog.current) close();
        }}
        className="mx-auto mt-[10vh] w-[min(36rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-950/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        {open && (
          <Command label="Find anything" shouldFilter={false} loop className={heading}>
            <Command.Input
              value={query}
              onValueChange={setQuery}
              placeholder="Find a task or run (name, key, #id) or a command…"
              className="h-12 w-full border-b border-slate-200 bg-transparent px-4 text-sm outline-none dark:border-slate-700"
            />
            <Command.List className="max-h-[60vh] overflow-y-auto p-2">
              <Command.Empty className="px-3 py-6 text-center text-sm text-slate-600 dark:text-slate-300">
                {found.isFetching ? 'Searching…' : 'Nothing matches.'}
              </Command.Empty>
              {results && results.runs.length > 0 && (
                <Command.Group heading="Runs">
                  {results.runs.map((r) => (
                    <Command.Item key={r.id} value={`run-${r.id}`} onSelect={() => go(`/runs/${r.id}`)} className={item}>
                      <span className="font-medium">Run #{r.id}</span>
                      <span className="min-w-0 truncate">of {r.taskName}</span>
                      <span className="ml-auto">
                        <RunStatusBadge status={r.status} />
                      </span>
                    </Command.Item>
                  ))}
                </Command.Group>
              )}
              {results && results.tasks.length > 0 && (
                <Command.Group heading="Tasks">
                  {results.tasks.map((t) => (
                    <Command.Item key={t.key} value={`task-${t.key}`} onSelect={() => go(`/tasks/${encodeURIComponent(t.key)}`)} className={item}>
                      <span className="min-w-0 truncate font-medium">{t.name}</span>
                      <span className="ml-auto shrink-0 font-mono text-xs opacity-80">{t.key}</span>
                    </Command.Item>
                  ))}
                </Command.Group>
              )}
              {shownCommands.length > 0 && (
                <Command.Group heading="Commands">
                  {shownCommands.map((c) => (
                    <Command.Item key={c.id} value={c.id} onSelect={() => choose(c)} className={item}>
                      {c.label}
                    </Command.Item>
                  ))}
                </Command.Group>
              )}
            </Command.List>
            <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-300">
              ↑↓ to choose · Enter to open · Esc to close
            </p>
          </Command>
        )}
      </dialog>
    </>
  );
}
