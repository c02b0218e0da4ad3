import type { Metadata } from 'next';
import Link from 'next/link';
import { BackLink } from '@/components/layout/back-link';
import { RunDetail } from '@/components/runs/run-detail';
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
    return (
      <>
        <h1 className="mb-4 text-xl font-semibold">Run not found</h1>
        <p role="alert">
          “{raw}” is not a run number.{' '}
          <Link href="/runs" className="text-indigo-700 underline dark:text-indigo-300">
            All runs
          </Link>
        </p>
      </>
    );
  }
  await getQueryClient().prefetchQuery(trpc.runs.get.queryOptions({ id }));
  return (
    <HydrateClient>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <BackLink fallback="/runs" fallbackLabel="Runs" />
      </nav>
      <RunDetail runId={id} />
    </HydrateClient>
  );
}
