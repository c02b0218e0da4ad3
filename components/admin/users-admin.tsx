'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { AdminFormSection, AdminTable, type AdminForm, Cell, RoleOptions, RowAction, WhenOrNever } from './admin-table';
import { ROLE_DESCRIPTIONS, ROLES, type Role } from '@/server/auth/actor';
import { createUserInput } from '@/server/users/schemas';
import { formText } from '@/components/auth/post-json';
import { errorMessage } from './error-message';
import { inputClass, labelClass } from './styles';

const NEW_USER_FORM: AdminForm = { id: 'new-user', title: 'Add a user', grid: 'lg:grid-cols-[2fr_1.5fr_1.5fr_1fr_auto]', submit: 'Add user', pendingSubmit: 'Adding…' };

/** What each role may do, and who can run code on the workers. */
function RoleNotes() {
  return (
    <>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-400" aria-label="What each role may do">
        {ROLES.map((r) => (
          <div key={r} className="contents">
            <dt className="font-medium text-slate-800 dark:text-slate-200">{r}</dt>
            <dd>{ROLE_DESCRIPTIONS[r]}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">Whoever can define a shell task (editor, admin) can run code as the workers&apos; task user on every worker.</p>
    </>
  );
}

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
      <AdminFormSection form={NEW_USER_FORM} pending={create.isPending} onSubmit={onCreate} error={formError} after={<RoleNotes />}>
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
            <RoleOptions />
          </select>
        </label>
      </AdminFormSection>

      <AdminTable
        query={users}
        caption="Users"
        head={['Email', 'Name', 'Role', 'Status', 'Last sign-in', 'Actions']}
        loadingLabel="Loading users"
        empty="No users yet."
        row={(u) => (
          <tr key={u.id}>
            <Cell className="font-medium break-all">{u.email}</Cell>
            <Cell>{u.name}</Cell>
            <Cell>
              <label className="sr-only" htmlFor={`role-${u.id}`}>Role of {u.email}</label>
              <select
                id={`role-${u.id}`}
                value={u.role}
                disabled={setRole.isPending}
                onChange={(e) => setRole.mutate({ email: u.email, role: e.target.value as Role })}
                className={inputClass}
              >
                <RoleOptions />
              </select>
            </Cell>
            <Cell>{u.disabledAt ? <span className="text-red-700 dark:text-red-400">disabled</span> : 'active'}</Cell>
            <Cell className="whitespace-nowrap"><WhenOrNever date={u.lastLoginAt} /></Cell>
            <Cell>
              {u.disabledAt ? (
                <RowAction verb="Enable" target={u.email} onClick={() => enable.mutate({ email: u.email })} disabled={enable.isPending} />
              ) : (
                <RowAction verb="Disable" target={u.email} onClick={() => disable.mutate({ email: u.email })} disabled={disable.isPending} />
              )}
            </Cell>
          </tr>
        )}
      />
    </div>
  );
}
