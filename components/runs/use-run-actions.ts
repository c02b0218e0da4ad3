'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import type { inferRouterOutputs } from '@trpc/server';
import { useTRPC } from '@/components/trpc/client';
import type { AppRouter } from '@/server/trpc/routers/_app';

type RunsOutput = inferRouterOutputs<AppRouter>['runs'];

/** "2 cancelled, 1 stopping": the non-zero counts of a bulk result, named by `labels` in that order. */
function summary<R extends object>(result: R, labels: Partial<Record<keyof R, string>>): string {
  const text = Object.entries(labels).flatMap(([field, label]) => {
    const n = (result as Record<string, unknown>)[field];
    return typeof n === 'number' && n > 0 ? [`${n} ${String(label)}`] : [];
  });
  return text.length ? text.join(', ') : 'Nothing to do';
}

const CANCEL_LABELS = {
  cancelled: 'cancelled',
  cancelRequested: 'stopping',
  alreadyFinished: 'already finished',
  notFound: 'not found',
} satisfies Partial<Record<keyof RunsOutput['cancel'], string>>;
const RETRY_LABELS = { queued: 'queued again', notFinished: 'still queued or running', notFound: 'not found' } satisfies Partial<
  Record<keyof RunsOutput['retry'], string>
>;

/** Bulk retry and cancel through tRPC, each reporting what happened in one toast and refreshing the run views. */
export function useRunActions(onDone?: () => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  /** The callbacks both actions share: one toast with the counts, onDone, refresh. */
  const reporting = <R extends object>(action: string, labels: Partial<Record<keyof R, string>>) => ({
    onSuccess: (result: R) => {
      toast.success(summary(result, labels));
      onDone?.();
    },
    onError: (e: { message: string }) => toast.error(`${action} failed: ${e.message}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() }),
  });
  const cancel = useMutation(trpc.runs.cancel.mutationOptions(reporting<RunsOutput['cancel']>('Cancel', CANCEL_LABELS)));
  const retry = useMutation(trpc.runs.retry.mutationOptions(reporting<RunsOutput['retry']>('Retry', RETRY_LABELS)));
  return { cancel, retry };
}
