'use client';

import { useEffect, useRef } from 'react';

interface Props {
  taskName: string;
  column: string;
  onKeepRunning: () => void;
  onCancelRunning: () => void;
  onAbort: () => void;
}

/** Asked when a card with a running run goes to Done or Cancelled: keep the run, cancel it too, or do not move. */
export function CancelRunningDialog({ taskName, column, onKeepRunning, onCancelRunning, onAbort }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const button =
    'rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500';
  return (
    <dialog
      ref={ref}
      aria-labelledby="cancel-running-title"
      aria-describedby="cancel-running-text"
      onCancel={(e) => {
        e.preventDefault();
        onAbort();
      }}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id="cancel-running-title" className="text-base font-semibold">
        “{taskName}” is running
      </h2>
      <p id="cancel-running-text" className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        Moving it to {column} stops its schedule and cancels its queued runs. Should the run in progress finish, or be cancelled
        too?
      </p>
      <div className="mt-4 flex flex-wrap justify-end gap-2">
        <button
          type="button"
          onClick={onAbort}
          className={`${button} text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800`}
        >
          Don’t move
        </button>
        <button type="button" onClick={onCancelRunning} className={`${button} bg-red-600 text-white hover:bg-red-700`}>
          Cancel the run
        </button>
        <button
          type="button"
          autoFocus
          onClick={onKeepRunning}
          className={`${button} bg-indigo-600 text-white hover:bg-indigo-700`}
        >
          Keep it running
        </button>
      </div>
    </dialog>
  );
}
