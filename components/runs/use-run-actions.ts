'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';

function summary(parts: [number, string][]): string {
  const text = parts.filter(([n]) => n > 0).map(([n, label]) => `${n} ${label}`);
  return text.length ? text.join(', ') : 'Nothing to do';
}

/** Bulk retry and cancel through tRPC, each reporting what happened in one toast and refreshing the run views. */
export function useRunActions(onDone?: () => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() });
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({
      onSuccess: (r) => {
        toast.success(
          summary([
            [r.cancelled, 'cancelled'],
            [r.cancelRequested, 'stopping'],
            [r.alreadyFinished, 'already finished'],
            [r.notFound, 'not found'],
          ]),
        );
        onDone?.();
      },
      onError: (e) => toast.error(`Cancel failed: ${e.message}`),
      onSettled: refresh,
    }),
  );
  const retry = useMutation(
    trpc.runs.retry.mutationOptions({
      onSuccess: (r) => {
        toast.success(
          summary([
            [r.queued, 'queued again'],
            [r.notFinished, 'still queued or running'],
            [r.notFound, 'not found'],
          ]),
        );
        onDone?.();
      },
      onError: (e) => toast.error(`Retry failed: ${e.message}`),
      onSettled: refresh,
    }),
  );
  return { cancel, retry };
}
