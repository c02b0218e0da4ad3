'use client';

import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { roleAtLeast, type Role } from '@/server/auth/actor';

const noSubscription = () => () => {};

/**
 * Whether the signed-in user's role allows `role`-level actions (viewer < operator < editor < admin;
 * server/auth/actor.ts). Which task fields need editor: server/tasks/definition-fields.ts.
 * Controls the role may not use are rendered disabled; the server refuses them anyway.
 * False while the session is loading, on the server and while hydrating: React does not
 * patch attributes that differ at hydration, so a control rendered disabled on the server
 * and enabled by the first browser render would stay disabled. The render after
 * hydration enables it.
 */
export function usePermission(role: Role): boolean {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.session.me.queryOptions(), staleTime: 60_000 });
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return hydrated && roleAtLeast(me.data?.role ?? undefined, role);
}
