import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { LoginForm } from '@/components/auth/login-form';
import { safeNextPath } from '@/components/auth/safe-next';
import { getQueryClient, trpc } from '@/components/trpc/server';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNextPath((await searchParams).next);
  const queryClient = getQueryClient();
  if (await queryClient.fetchQuery(trpc.session.setupNeeded.queryOptions())) redirect('/setup');
  if (await queryClient.fetchQuery(trpc.session.me.queryOptions())) redirect(next);
  return (
    <AuthCard title="Sign in to Cronboard">
      <LoginForm next={next} />
    </AuthCard>
  );
}
