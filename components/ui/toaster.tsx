'use client';

import { Toaster as Sonner } from 'sonner';

/** The one toast outlet (sonner), mounted in the root layout. Use `toast()` from 'sonner' anywhere on the client. */
export function Toaster() {
  return <Sonner theme="system" richColors closeButton position="bottom-right" />;
}
