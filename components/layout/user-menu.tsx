'use client';

import { onlineManager } from '@tanstack/react-query';
import { useState } from 'react';
import { toast } from 'sonner';
import { closeEventStream } from '@/components/trpc/use-event-stream';

/**
 * Who is signed in, and the sign-out button. The name is left out between the
 * lg and xl breakpoints, where the inline nav links need the room; on a phone
 * the button is an icon (its name stays for screen readers).
 */
export function UserMenu({ name, role }: { name: string; role: string }) {
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    // Nothing may fetch with the session being ended: a poll or the stream's reconnect between the
    // logout and the next page would be refused (401). Queries wait as if offline; the stream closes.
    closeEventStream();
    onlineManager.setOnline(false);
    try {
      const res = await fetch('/api/auth/logout', { method: 'POST', headers: { 'x-cronboard-csrf': '1' } });
      if (!res.ok) throw new Error('logout failed');
      // A full load: every cached query belonged to the old session.
      window.location.assign('/login');
    } catch {
      onlineManager.setOnline(true);
      setBusy(false);
      toast.error('Could not sign out; try again.');
    }
  }
  return (
    <div className="flex items-center gap-2 text-sm">
      <span className="hidden max-w-[16rem] truncate text-slate-600 md:inline lg:hidden xl:inline dark:text-slate-300" title={name}>
        <span className="sr-only">Signed in as </span>
        {name}
        <span className="ml-1.5 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-200">{role}</span>
      </span>
      <button
        type="button"
        onClick={() => void signOut()}
        disabled={busy}
        title="Sign out"
        className="inline-flex h-9 min-w-9 items-center justify-center rounded-md border border-slate-200 px-2 text-slate-700 hover:bg-slate-100 disabled:opacity-60 sm:px-3 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        {/* Icon only on a phone, where the header has no room for the words. */}
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4 sm:hidden" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M8 4H4v12h4M12 6l4 4-4 4M16 10H8" />
        </svg>
        <span className="sr-only sm:not-sr-only">Sign out</span>
      </button>
    </div>
  );
}
