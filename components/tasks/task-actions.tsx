'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { usePermission } from '@/components/auth/use-permission';
import { useTRPC } from '@/components/trpc/client';
import { DeleteDialog } from './delete-dialog';
import { buttonClass, NEEDS_EDITOR, NEEDS_OPERATOR } from './field';
import type { TaskDetail } from './types';

/** Run now, Cancel run, Pause/Resume, Edit, Duplicate, Delete: each reports its outcome in a toast. */
export function TaskActions({
  task,
  onConflict,
  onDeleting,
}: {
  task: TaskDetail;
  onConflict: () => void;
  /** True while the delete is in flight (the page stops polling the task), false again if it fails. */
  onDeleting: (deleting: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const canOperate = usePermission('operator');
  // Duplicating and deleting define what runs: editors and admins (Edit lets an operator change board fields).
  const canDefine = usePermission('editor');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.tasks.pathKey() });
  const fail = (what: string) => (err: { message: string; data?: { appCode?: string | null } | null }) => {
    if (err.data?.appCode === 'CONFLICT' && /changed by someone else/.test(err.message)) {
      toast.error(`Could not ${what}: someone else changed this task.`, { action: { label: 'Reload', onClick: onConflict } });
    } else {
      toast.error(`Could not ${what}: ${err.message}`);
    }
  };

  const runNow = useMutation(
    trpc.tasks.runNow.mutationOptions({
      onSuccess: async (r) => {
        toast.success(`Queued run #${r.runId ?? '?'} of ${task.name}`);
        await refresh();
      },
      onError: fail('queue a run'),
    }),
  );
  const cancelRun = useMutation(
    trpc.tasks.cancelRun.mutationOptions({
      onSuccess: async (r, vars) => {
        const text = r.outcome === 'cancelled' ? `Cancelled run #${vars.runId}` : r.outcome === 'cancel_requested' ? `Asked the worker to stop run #${vars.runId}` : `Run #${vars.runId} had already finished`;
        toast.success(text);
        await refresh();
      },
      onError: fail('cancel the run'),
    }),
  );
  const pause = useMutation(
    trpc.tasks.pause.mutationOptions({
      onSuccess: async () => {
        toast.success(`Paused ${task.name}: its schedule will not fire`);
        await refresh();
      },
      onError: fail('pause the task'),
    }),
  );
  const resume = useMutation(
    trpc.tasks.resume.mutationOptions({
      onSuccess: async () => {
        toast.success(`Resumed ${task.name}`);
        await refresh();
      },
      onError: fail('resume the task'),
    }),
  );
  const duplicate = useMutation(
    trpc.tasks.duplicate.mutationOptions({
      onSuccess: async (copy) => {
        toast.success(`Created ${copy.name}`);
        await refresh();
        router.push(`/tasks/${encodeURIComponent(copy.key)}`);
      },
      onError: fail('duplicate the task'),
    }),
  );
  const remove = useMutation(
    trpc.tasks.delete.mutationOptions({
      onSuccess: async (r) => {
        setConfirmDelete(false);
        toast.success(`Deleted ${task.name}${r.runs ? ` and its ${r.runs} run${r.runs === 1 ? '' : 's'}` : ''}`);
        router.push('/');
        await queryClient.invalidateQueries({ queryKey: trpc.tasks.list.queryKey() });
      },
      onError: (err) => {
        onDeleting(false);
        fail('delete the task')(err);
      },
    }),
  );

  const disabledTitle = canOperate ? undefined : NEEDS_OPERATOR;
  const runningId = task.runningRunIds[0];
  return (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Task actions">
      <button type="button" className={buttonClass.primary} disabled={!canOperate || runNow.isPending} title={disabledTitle} onClick={() => runNow.mutate({ key: task.key })}>
        <span aria-hidden>▶</span> Run now
      </button>
      {runningId !== undefined ? (
        <button type="button" className={buttonClass.danger} disabled={!canOperate || cancelRun.isPending} title={disabledTitle} onClick={() => cancelRun.mutate({ runId: runningId })}>
          Cancel run #{runningId}
        </button>
      ) : null}
      {task.paused ? (
        <button type="button" className={buttonClass.secondary} disabled={!canOperate || resume.isPending} title={disabledTitle} onClick={() => resume.mutate({ key: task.key, expectedVersion: task.version })}>
          Resume
        </button>
      ) : (
        <button type="button" className={buttonClass.secondary} disabled={!canOperate || pause.isPending} title={disabledTitle} onClick={() => pause.mutate({ key: task.key, expectedVersion: task.version })}>
          Pause
        </button>
      )}
      {canOperate ? (
        <Link href={`/tasks/${encodeURIComponent(task.key)}/edit`} className={buttonClass.secondary}>
          Edit
        </Link>
      ) : (
        <button type="button" className={buttonClass.secondary} disabled title={NEEDS_OPERATOR}>
          Edit
        </button>
      )}
      <button type="button" className={buttonClass.secondary} disabled={!canDefine || duplicate.isPending} title={canDefine ? undefined : NEEDS_EDITOR} onClick={() => duplicate.mutate({ key: task.key })}>
        Duplicate
      </button>
      <button type="button" className={buttonClass.danger} disabled={!canDefine} title={canDefine ? undefined : NEEDS_EDITOR} onClick={() => setConfirmDelete(true)}>
        Delete
      </button>
      <DeleteDialog
        open={confirmDelete}
        taskName={task.name}
        running={task.runningRunIds.length}
        pending={remove.isPending}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={(force) => {
          onDeleting(true);
          void queryClient.cancelQueries({ queryKey: trpc.tasks.pathKey() }).then(() => remove.mutate({ key: task.key, force }));
        }}
      />
    </div>
  );
}
