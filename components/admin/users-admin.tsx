'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { EmptyState, TableShell } from '@/components/ui/data-table';
import { RelativeTime } from '@/components/ui/relative-time';
import { ROLE_DESCRIPTIONS, ROLES, type Role } from '@/server/auth/actor';
import { createUserInput } from '@/server/users/schemas';
import { formText } from '@/components/auth/post-json';
import { errorMessage } from './error-message';
import { buttonClass, inputClass, labelClass, secondaryButtonClass } from './styles';

export function UsersAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const onError = (error: unknown) => toast.error(errorMessage(error));
  const create = useMutation(trpc.users.create.mutationOptions({ onSuccess: (u) => { toast.success(`Created ${u.email}`); void invalidate(); }, onError }));
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: (u) => { toast.success(`${u.email} is now ${u.role}`); void invalidate(); }, onError }));
  const disable = useMutation(trpc.users.disable.mutationOptions({ onSuccess: (u) => { toast.success(`Disabled ${u.email}`); void invalidate(); }, onError }));
  const enable = useMutation(trpc.users.enable.mutationOptions({ onSuccess: (u) => { toast.success(`Enabled ${u.email}`); void invalidate(); }, onError }));
  const [formError, setFormError] = useState<string | null>(null);

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    setFormError(null);
    // The procedure's own schema, checked here first: a typo costs no round trip.
    const checked = createUserInput.safeParse({ email: formText(form, 'email'), name: formText(form, 'name') || undefined, password: formText(form, 'password'), role: formText(form, 'role') });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      setFormError(`${String(issue?.path[0] ?? 'input')}: ${issue?.message ?? 'invalid'}`);
      return;
    }
    create.mutate(checked.data, { onSuccess: () => formEl.reset(), onError: (e) => setFormError(errorMessage(e)) });
  }

  return (
    <div className="space-y-6">
      <section aria-labelledby="new-user" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="new-user" className="mb-3 text-base font-semibold">Add a user</h2>
        <form onSubmit={onCreate} className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1.5fr_1.5fr_1fr_auto] lg:items-end" noValidate>
          <label className={labelClass}>
            Email
            <input name="email" type="email" required className={inputClass} autoComplete="off" />
          </label>
          <label className={labelClass}>
            Name (optional)
            <input name="name" type="text" className={inputClass} autoComplete="off" />
          </label>
          <label className={labelClass}>
            Password (10+ characters)
            <input name="password" type="password" required className={inputClass} autoComplete="new-password" />
          </label>
          <label className={labelClass}>
            Role
            <select name="role" defaultValue="viewer" className={inputClass}>
              {ROLES.map((r) => (
                <option key={r} value={r}>{r}</option>
              ))}
            </select>
          </label>
          <button type="submit" className={buttonClass} disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add user'}
          </button>
        </form>
        <p role="alert" className="mt-2 min-h-[1.25rem] text-sm text-red-700 dark:text-red-400">{formError ?? ''}</p>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-400" aria-label="What each role may do">
          {ROLES.map((r) => (
            <div key={r} className="contents">
              <dt className="font-medium text-slate-800 dark:text-slate-200">{r}</dt>
              <dd>{ROLE_DESCRIPTIONS[r]}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">Whoever can define a shell task (editor, admin) can run code as the workers&apos; task user on every worker.</p>
      </section>

      {users.isPending ? (
        <div className="h-40 animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" aria-label="Loading users" role="status" />
      ) : users.isError ? (
        <EmptyState>{errorMessage(users.error)}</EmptyState>
      ) : users.data.length === 0 ? (
        <EmptyState>No users yet.</EmptyState>
      ) : (
        <TableShell caption="Users" head={['Email', 'Name', 'Role', 'Status', 'Last sign-in', 'Actions']}>
          {users.data.map((u) => (
            <tr key={u.id}>
              <td className="relative px-3 py-2 font-medium break-all">{u.email}</td>
              <td className="relative px-3 py-2">{u.name}</td>
              <td className="relative px-3 py-2">
                <label className="sr-only" htmlFor={`role-${u.id}`}>Role of {u.email}</label>
                <select
                  id={`role-${u.id}`}
                  value={u.role}
                  disabled={setRole.isPending}
                  onChange={(e) => setRole.mutate({ email: u.email, role: e.target.value as Role })}
                  className={inputClass}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td className="relative px-3 py-2">{u.disabledAt ? <span className="text-red-700 dark:text-red-400">disabled</span> : 'active'}</td>
              <td className="relative px-3 py-2 whitespace-nowrap">{u.lastLoginAt ? <RelativeTime date={u.lastLoginAt} /> : 'never'}</td>
              <td className="relative px-3 py-2">
                {u.disabledAt ? (
                  <button type="button" className={secondaryButtonClass} onClick={() => enable.mutate({ email: u.email })} disabled={enable.isPending}>
                    Enable<span className="sr-only"> {u.email}</span>
                  </button>
                ) : (
                  <button type="button" className={secondaryButtonClass} onClick={() => disable.mutate({ email: u.email })} disabled={disable.isPending}>
                    Disable<span className="sr-only"> {u.email}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </TableShell>
      )}
    </div>
  );
}
