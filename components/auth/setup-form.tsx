'use client';

import { useState, type FormEvent } from 'react';
import { FormField, primaryButton } from './form-field';
import { setupInput } from '@/server/users/schemas';
import { formText, postJson } from './post-json';

/** The one-time form that creates the first admin (the server refuses it once any user exists). */
export function SetupForm() {
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = formText(form, 'password');
    if (password !== formText(form, 'confirm')) {
      setFieldErrors({ confirm: ['does not match the password'] });
      return;
    }
    // The server's own schema, checked here first so a typo costs no round trip.
    const input = { email: formText(form, 'email'), name: formText(form, 'name') || undefined, password };
    const checked = setupInput.safeParse(input);
    if (!checked.success) {
      const errors: Record<string, string[]> = {};
      for (const issue of checked.error.issues) (errors[String(issue.path[0] ?? 'email')] ??= []).push(issue.message);
      setFieldErrors(errors);
      return;
    }
    setBusy(true);
    setError(null);
    setFieldErrors({});
    const result = await postJson('/api/auth/setup', input);
    if (result.ok) {
      window.location.assign('/');
      return;
    }
    setBusy(false);
    if (result.status === 409) {
      window.location.assign('/login');
      return;
    }
    setFieldErrors(result.fieldErrors ?? {});
    setError(result.error ?? 'Could not create the admin.');
  }

  const fe = (key: string) => (fieldErrors[key]?.[0] ? `${key === 'confirm' ? 'Confirmation' : key[0]!.toUpperCase() + key.slice(1)} ${fieldErrors[key][0]}` : undefined);
  return (
    <form onSubmit={(e) => void onSubmit(e)} className="space-y-2" noValidate>
      <FormField id="email" name="email" type="email" label="Email" autoComplete="username" required autoFocus error={fe('email')} />
      <FormField id="name" name="name" type="text" label="Name (optional)" autoComplete="name" error={fe('name')} />
      <FormField id="password" name="password" type="password" label="Password (at least 10 characters)" autoComplete="new-password" required error={fe('password')} />
      <FormField id="confirm" name="confirm" type="password" label="Repeat the password" autoComplete="new-password" required error={fe('confirm')} />
      <div role="alert" aria-live="assertive" className="min-h-[1.5rem] text-sm font-medium text-red-700 dark:text-red-400">
        {error && Object.keys(fieldErrors).length === 0 ? error : ''}
      </div>
      <button type="submit" className={primaryButton} disabled={busy}>
        {busy ? 'Creating…' : 'Create admin and sign in'}
      </button>
    </form>
  );
}
