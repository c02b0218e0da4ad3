'use client';

import { useState } from 'react';
import { FormField, primaryButton } from './form-field';

/**
 * A plain HTML form posting to /api/auth/login, which redirects back with an
 * error code or on to `next`: it works before (or without) JavaScript.
 */
export function LoginForm({ next, error, email }: { next: string; error: string | null; email?: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <form method="post" action="/api/auth/login" onSubmit={() => setBusy(true)} className="space-y-2">
      <input type="hidden" name="next" value={next} />
      <FormField id="email" name="email" type="email" label="Email" autoComplete="username" required autoFocus defaultValue={email} />
      <FormField id="password" name="password" type="password" label="Password" autoComplete="current-password" required />
      <div role="alert" aria-live="assertive" className="min-h-[1.5rem] text-sm font-medium text-red-700 dark:text-red-400">
        {error ?? ''}
      </div>
      <button type="submit" className={primaryButton} disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
