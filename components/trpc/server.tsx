import 'server-only';
import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { headers } from 'next/headers';
import { cache, type ReactNode } from 'react';
import { createContext } from '@/server/trpc/context';
import { appRouter } from '@/server/trpc/routers/_app';
import { makeQueryClient } from './query-client';

/** Server components prefetch through the same routers the browser calls, then hand the cache over. */
export const getQueryClient = cache(makeQueryClient);

export const trpc = createTRPCOptionsProxy({
  ctx: async () => createContext({ headers: new Headers(await headers()) }),
  router: appRouter,
  queryClient: getQueryClient,
});

/**
 * Hands the request's prefetched queries to the client components below. It
 * always includes who is signed in (session.me): controls that depend on the
 * role (usePermission) then render the same on the server as in the browser.
 * Without it, a boundary that hydrates after the browser has fetched the role
 * keeps the server's disabled controls, since React does not patch attributes
 * on hydration.
 */
export async function HydrateClient({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  await queryClient.prefetchQuery(trpc.session.me.queryOptions());
  return <HydrationBoundary state={dehydrate(queryClient)}>{children}</HydrationBoundary>;
}
