'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import type { inferRouterOutputs } from '@trpc/server';
import { useTRPC } from '@/components/trpc/client';
import type { AppRouter } from '@/server/trpc/routers/_app';

type RunsOutput = inferRouterOutputs<AppRouter>['runs'];

function summary(parts: [number, string][]): string {
  const text = parts.filter(([n]) => n > 0).map(([n, label]) => `${n} ${label}`);
  return text.length ? text.join(', ') : 'Nothing to do';
}

/** Bulk retry and cancel through tRPC, each reporting what happened in one toast and refreshing the run views. */
export function useRunActions(onDone?: () => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  /** The callbacks both actions share: one toast with the counts, onDone, refresh. */
  const reporting = <R>(action: string, counts: (result: R) => [number, string][]) => ({
    onSuccess: (result: R) => {
      toast.success(summary(counts(result)));
      onDone?.();
    },
    onError: (e: { message: string }) => toast.error(`${action} failed: ${e.message}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() }),
  });
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions(
      reporting('Cancel', (r: RunsOutput['cancel']) => [
        [r.cancelled, 'cancelled'],
        [r.cancelRequested, 'stopping'],
        [r.alreadyFinished, 'already finished'],
        [r.notFound, 'not found'],
      ]),
    ),
  );
  const retry = useMutation(
    trpc.runs.retry.mutationOptions(
      reporting('Retry', (r: RunsOutput['retry']) => [
        [r.queued, 'queued again'],
        [r.notFinished, 'still queued or running'],
        [r.notFound, 'not found'],
      ]),
    ),
  );
  return { cancel, retry };
}
