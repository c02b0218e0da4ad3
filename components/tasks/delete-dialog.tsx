'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { buttonClass } from './field';

/** Confirms deleting a task; offers force (cancel the running run first) when one is running. */
export function DeleteDialog({
  open,
  taskName,
  running,
  pending,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  taskName: string;
  running: number;
  pending: boolean;
  onCancel: () => void;
  onConfirm: (force: boolean) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const uid = useId();
  const [force, setForce] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setForce(false);
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={`${uid}-title`}
      aria-describedby={`${uid}-desc`}
      onClose={onCancel}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <form
        method="dialog"
        className="space-y-4 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm(force);
        }}
      >
        <h2 id={`${uid}-title`} className="text-lg font-semibold">
          Delete this task?
        </h2>
        <p id={`${uid}-desc`} className="text-sm text-slate-700 dark:text-slate-300">
          “{taskName}” and all its runs and logs are deleted. Its entries in the activity log stay. This cannot be undone.
        </p>
        {running > 0 ? (
          <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            <p>
              {running === 1 ? 'A run is running now.' : `${running} runs are running now.`} A task cannot be deleted while it runs.
            </p>
            <label className="mt-2 flex items-center gap-2">
              <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} className="h-4 w-4 accent-red-700" />
              Cancel the running run{running === 1 ? '' : 's'} and delete anyway
            </label>
          </div>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" className={buttonClass.secondary} onClick={onCancel} autoFocus>
            Keep task
          </button>
          <button type="submit" className={buttonClass.dangerSolid} disabled={pending || (running > 0 && !force)}>
            {pending ? 'Deleting…' : 'Delete task'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
