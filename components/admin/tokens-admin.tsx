'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { TableShell } from '@/components/ui/data-table';
import { RelativeTime } from '@/components/ui/relative-time';
import { formText } from '@/components/auth/post-json';
import { createTokenInput } from '@/server/users/schemas';
import { ROLES } from '@/server/auth/actor';
import { CreatePanel, QueryPanel, ShownOnce } from './admin-panels';
import { errorMessage } from './error-message';
import { buttonClass, inputClass, labelClass, secondaryButtonClass } from './styles';

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
      <CreatePanel id="new-token" title="Create a token" error={formError}>
        <form onSubmit={onCreate} className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_2fr_1fr_1fr_auto] lg:items-end" noValidate>
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
              {ROLES.map((r) => (
                <option key={r} value={r}>{r}</option>
              ))}
            </select>
          </label>
          <label className={labelClass}>
            Expires (optional)
            <input name="expires" type="date" className={inputClass} />
          </label>
          <button type="submit" className={buttonClass} disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create token'}
          </button>
        </form>
        {created ? (
          <ShownOnce title={<>Token “{created.name}” — copy it now: it is shown only once.</>} value={created.token} testId="new-token" onDone={() => setCreated(null)}>
            <button type="button" className={secondaryButtonClass} onClick={() => void copy(created.token)}>Copy</button>
          </ShownOnce>
        ) : null}
      </CreatePanel>

      <QueryPanel query={tokens} loadingLabel="Loading tokens" empty="No API tokens yet. Scripts send one as “Authorization: Bearer …”." isEmpty={(d) => d.length === 0}>
        {(data) => (
        <TableShell caption="API tokens" head={['Name', 'Prefix', 'User', 'Last used', 'Expires', 'Status', 'Actions']}>
          {data.map((t) => {
            return (
              <tr key={t.id}>
                <td className="relative px-3 py-2 font-medium">{t.name}</td>
                <td className="relative px-3 py-2 font-mono text-xs">{t.prefix}…</td>
                <td className="relative px-3 py-2 break-all">{t.user.email} ({t.role ? `token: ${t.role}` : t.user.role})</td>
                <td className="relative px-3 py-2 whitespace-nowrap">{t.lastUsedAt ? <RelativeTime date={t.lastUsedAt} /> : 'never'}</td>
                <td className="relative px-3 py-2 whitespace-nowrap">{t.expiresAt ? <RelativeTime date={t.expiresAt} /> : 'never'}</td>
                <td className="relative px-3 py-2">{t.revokedAt ? <span className="text-red-700 dark:text-red-400">revoked</span> : t.expired ? 'expired' : 'active'}</td>
                <td className="relative px-3 py-2">
                  {t.revokedAt ? null : (
                    <button type="button" className={secondaryButtonClass} onClick={() => revoke.mutate({ id: t.id })} disabled={revoke.isPending}>
                      Revoke<span className="sr-only"> {t.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </TableShell>
        )}
      </QueryPanel>
    </div>
  );
}
