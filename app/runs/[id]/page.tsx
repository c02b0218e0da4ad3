import type { Metadata } from 'next';
import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { RunDetail } from '@/components/runs/run-detail';
import { NotFoundPanel } from '@/components/ui/not-found-panel';
import { HydrateClient, getQueryClient, trpc } from '@/components/trpc/server';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Run #${(await params).id}` };
}

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const raw = (await params).id;
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id < 1) {
    return <NotFoundPanel title="No such run" message={`“${raw}” is not a run number.`} backHref="/runs" backLabel="All runs" />;
  }
  // A run that does not exist is a 404 page (not-found.tsx), not a skeleton waiting for a log that never comes.
  try {
    await getQueryClient().fetchQuery(trpc.runs.get.queryOptions({ id }));
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
  return (
    <HydrateClient>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/runs" className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
          ← Runs
        </Link>
      </nav>
      <RunDetail runId={id} />
    </HydrateClient>
  );
}
