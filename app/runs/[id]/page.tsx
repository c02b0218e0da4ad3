import type { Metadata } from 'next';
import Link from 'next/link';
import { RunDetail } from '@/components/runs/run-detail';
import { HydrateClient, getQueryClient, trpc } from '@/components/trpc/server';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Run #${(await params).id}` };
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
        <Link href="/runs" className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
          ← Runs
        </Link>
      </nav>
      <RunDetail runId={id} />
    </HydrateClient>
  );
}
