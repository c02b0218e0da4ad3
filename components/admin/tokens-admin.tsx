'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { AdminFormSection, AdminTable, type AdminForm, Cell, RoleOptions, RowAction, ShownOnce, WhenOrNever } from './admin-table';
import { formText } from '@/components/auth/post-json';
import { createTokenInput } from '@/server/users/schemas';
import { errorMessage } from './error-message';
import { inputClass, labelClass, secondaryButtonClass } from './styles';

const NEW_TOKEN_FORM: AdminForm = { id: 'new-token', title: 'Create a token', grid: 'lg:grid-cols-[2fr_2fr_1fr_1fr_auto]', submit: 'Create token', pendingSubmit: 'Creating…' };

export function TokensAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const users = useQuery(trpc.users.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation(trpc.tokens.create.mutationOptions({ onSuccess: () => void invalidate() }));
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({ onSuccess: (t) => { toast.success(`Revoked ${t.name}`); void invalidate(); }, onError: (e) => toast.error(errorMessage(e)) }),
  );

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const expires = formText(form, 'expires');
    setFormError(null);
    const role = formText(form, 'role');
    const checked = createTokenInput.safeParse({ email: formText(form, 'email'), name: formText(form, 'name'), expiresAt: expires ? new Date(`${expires}T23:59:59`) : null, role: role || null });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      setFormError(`${issue?.path[0] === 'email' ? 'user: choose one' : `${String(issue?.path[0] ?? 'input')}: ${issue?.message ?? 'invalid'}`}`);
      return;
    }
    create.mutate(
      checked.data,
      {
        onSuccess: (result) => {
          setCreated({ name: result.summary.name, token: result.token });
          formEl.reset();
        },
        onError: (e) => setFormError(errorMessage(e)),
      },
    );
  }

  async function copy(token: string) {
    try {
      await navigator.clipboard.writeText(token);
      toast.success('Token copied');
    } catch {
      toast.error('Could not copy; select the token and copy it by hand.');
    }
  }

  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Scripts call the HTTP API under <code>/api/v1</code> with a token. Every endpoint, with its fields and errors, is in the{' '}
        <a href="/api/docs" className="font-medium text-indigo-700 underline dark:text-indigo-300">
          API reference
        </a>{' '}
        (OpenAPI: <code>/api/v1/openapi.json</code>).
      </p>
      <AdminFormSection
        form={NEW_TOKEN_FORM}
        pending={create.isPending}
        onSubmit={onCreate}
        error={formError}
        after={
          created ? (
            <ShownOnce title={`Token “${created.name}” — copy it now: it is shown only once.`} value={created.token} testId="new-token" onDone={() => setCreated(null)}>
              <button type="button" className={secondaryButtonClass} onClick={() => void copy(created.token)}>Copy</button>
            </ShownOnce>
          ) : null
        }
      >
        <label className={labelClass}>
          Name
          <input name="name" type="text" required className={inputClass} placeholder="deploy script" autoComplete="off" />
        </label>
        <label className={labelClass}>
          For user (the token carries their role)
          <select name="email" className={inputClass} required defaultValue="">
            <option value="" disabled>Choose a user</option>
            {(users.data ?? []).filter((u) => !u.disabledAt).map((u) => (
              <option key={u.id} value={u.email}>{u.email} ({u.role})</option>
            ))}
          </select>
        </label>
        <label className={labelClass}>
          Role (least privilege)
          <select name="role" className={inputClass} defaultValue="">
            <option value="">The user&apos;s role</option>
            <RoleOptions />
          </select>
        </label>
        <label className={labelClass}>
          Expires (optional)
          <input name="expires" type="date" className={inputClass} />
        </label>
      </AdminFormSection>

      <AdminTable
        query={tokens}
        caption="API tokens"
        head={['Name', 'Prefix', 'User', 'Last used', 'Expires', 'Status', 'Actions']}
        loadingLabel="Loading tokens"
        empty="No API tokens yet. Scripts send one as “Authorization: Bearer …”."
        row={(t) => (
          <tr key={t.id}>
            <Cell className="font-medium">{t.name}</Cell>
            <Cell className="font-mono text-xs">{t.prefix}…</Cell>
            <Cell className="break-all">{t.user.email} ({t.role ? `token: ${t.role}` : t.user.role})</Cell>
            <Cell className="whitespace-nowrap"><WhenOrNever date={t.lastUsedAt} /></Cell>
            <Cell className="whitespace-nowrap"><WhenOrNever date={t.expiresAt} /></Cell>
            <Cell>{t.revokedAt ? <span className="text-red-700 dark:text-red-400">revoked</span> : t.expired ? 'expired' : 'active'}</Cell>
            <Cell>
              {t.revokedAt ? null : <RowAction verb="Revoke" target={t.name} onClick={() => revoke.mutate({ id: t.id })} disabled={revoke.isPending} />}
            </Cell>
          </tr>
        )}
      />
    </div>
  );
}
