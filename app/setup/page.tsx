import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { SetupForm } from '@/components/auth/setup-form';
import { getQueryClient, trpc } from '@/components/trpc/server';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Set up' };

/** Only while no user exists; afterwards the page is gone (sign in instead). */
export default async function SetupPage() {
  if (!(await getQueryClient().fetchQuery(trpc.session.setupNeeded.queryOptions()))) redirect('/login');
  return (
    <AuthCard title="Set up Cronboard" intro="Create the first admin account. This page is shown once, until the first user exists.">
      <SetupForm />
    </AuthCard>
  );
}
