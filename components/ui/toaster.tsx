'use client';

import { Toaster as Sonner } from 'sonner';

/** The one toast outlet (sonner), mounted in the root layout: neutral colours (richColors fails WCAG contrast on its green). Use `toast()` from 'sonner' anywhere on the client. */
export function Toaster() {
  return <Sonner theme="system" closeButton position="bottom-right" />;
}
