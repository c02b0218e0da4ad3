import { useEffect, useRef } from 'react';
import { toast } from 'sonner';
import { STATUS_TITLES, type TaskStatus } from '@/server/tasks/constants';

interface CardState {
  key: string;
  name: string;
  status: TaskStatus;
  lastRunStatus: string | null;
}

const OUTCOME: Record<string, string> = {
  succeeded: 'ran successfully',
  failed: 'failed',
  timed_out: 'timed out',
  cancelled: 'was cancelled',
};

/**
 * The cards a person sent to In progress ("run now") are watched: when the
 * worker moves one on after its run, a toast says how the run went and where
 * the card went (the top of that column), so the drop does not look failed.
 * Returns `watch(key)`, called when such a move succeeds.
 */
export function useReturnToasts(cards: Map<string, CardState>) {
  const watched = useRef(new Map<string, { seenInProgress: boolean }>());
  useEffect(() => {
    for (const [key, state] of watched.current) {
      const card = cards.get(key);
      if (!card) watched.current.delete(key);
      else if (card.status === 'in_progress') state.seenInProgress = true;
      else if (state.seenInProgress) {
        watched.current.delete(key);
        const outcome = OUTCOME[card.lastRunStatus ?? ''] ?? 'finished';
        const message = `“${card.name}” ${outcome} and moved to the top of ${STATUS_TITLES[card.status]}`;
        if (card.lastRunStatus === 'succeeded') toast.success(message);
        else toast.warning(message);
      }
    }
  }, [cards]);
  return (key: string) => watched.current.set(key, { seenInProgress: false });
}
