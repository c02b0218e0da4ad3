import type { Metadata } from 'next';
import { TRPCError } from '@trpc/server';
import { notFound } from 'next/navigation';
import { BackLink } from '@/components/layout/back-link';
import { RunDetail } from '@/components/runs/run-detail';
import { NotFoundPanel } from '@/components/ui/not-found-panel';
import { HydrateClient, getQueryClient, trpc } from '@/components/trpc/server';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const raw = (await params).id;
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id < 1) return { title: `Run ${raw}` };
  // The same query the page prefetches (one request-scoped cache): the tab says which task it is.
  const run = await getQueryClient()
    .fetchQuery(trpc.runs.get.queryOptions({ id }))
    .catch(() => null);
  return { title: run ? `Run #${id} of ${run.taskName} (${run.status.replace('_', ' ')})` : `Run #${id}` };
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
        <BackLink fallback="/runs" fallbackLabel="Runs" />
      </nav>
      <RunDetail runId={id} />
    </HydrateClient>
  );
}
