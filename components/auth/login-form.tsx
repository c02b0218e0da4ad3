'use client';

import { useState, type FormEvent } from 'react';
import { FormField, primaryButton } from './form-field';
import { formText, postJson } from './post-json';

export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await postJson('/api/auth/login', { email: formText(form, 'email'), password: formText(form, 'password') });
    if (result.ok) {
      window.location.assign(next);
      return;
    }
    setBusy(false);
    setError(result.error ?? 'Could not sign in.');
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="space-y-2" noValidate>
      <FormField id="email" name="email" type="email" label="Email" autoComplete="username" required autoFocus />
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
