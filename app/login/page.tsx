import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { LoginForm } from '@/components/auth/login-form';
import { safeNextPath } from '@/components/auth/safe-next';
import { getQueryClient, trpc } from '@/components/trpc/server';
import { INVALID_LOGIN_MESSAGE } from '@/server/auth/sign-in-messages';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

/** The sign-in route redirects back here with a code; the text is ours, never echoed from the URL. */
function errorText(code: string | undefined, minutes: string | undefined): string | null {
  if (code === 'invalid') return INVALID_LOGIN_MESSAGE;
  if (code === 'missing') return 'Enter your email and password.';
  if (code === 'rate') {
    const n = Math.max(1, Math.min(60, Number.parseInt(minutes ?? '', 10) || 1));
    return `Too many attempts; try again in ${n} minute${n === 1 ? '' : 's'}.`;
  }
  return null;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string; minutes?: string; email?: string }> }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  const queryClient = getQueryClient();
  if (await queryClient.fetchQuery(trpc.session.setupNeeded.queryOptions())) redirect('/setup');
  if (await queryClient.fetchQuery(trpc.session.me.queryOptions())) redirect(next);
  return (
    <AuthCard title="Sign in to Cronboard">
      <LoginForm next={next} error={errorText(params.error, params.minutes)} email={typeof params.email === 'string' ? params.email.slice(0, 254) : undefined} />
    </AuthCard>
  );
}
