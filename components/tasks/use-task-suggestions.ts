'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { useDebounced } from './use-debounced';

/** Tasks whose key or name matches what is being typed (the command palette's search), for a datalist. */
export function useTaskSuggestions(typed: string): { key: string; name: string }[] {
  const trpc = useTRPC();
  const q = useDebounced(typed.trim(), 200);
  const found = useQuery({ ...trpc.search.find.queryOptions({ q }), enabled: q.length > 0, placeholderData: (prev) => prev });
  return q ? (found.data?.tasks ?? []) : [];
}
