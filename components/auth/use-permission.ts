'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { roleAtLeast, type Role } from '@/server/auth/actor';

/**
 * Whether the signed-in user's role allows `role`-level actions (viewer < operator < editor < admin;
 * server/auth/actor.ts). Which task fields need editor: server/tasks/definition-fields.ts.
 * Controls the role may not use are rendered disabled; the server refuses them anyway.
 * False while the session is loading.
 */
export function usePermission(role: Role): boolean {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.session.me.queryOptions(), staleTime: 60_000 });
  return roleAtLeast(me.data?.role ?? undefined, role);
}
