import type { Db } from '../db/client';
import type { Actor } from '../auth/actor';
import { finishRuns, type FinishRunResult, type RunResult } from './finish-runs';

export type { FinishRunResult, RunResult } from './finish-runs';

export interface FinishRunOptions {
  db: Db;
  runId: number;
  claimToken: string;
  outcome: RunResult;
  actor: Actor;
  now?: Date;
  random?: () => number;
}

/**
 * The one terminal update of a claimed run, guarded by its claim token
 * (fencing: a worker whose lease was taken over cannot overwrite the newer
 * attempt). A batch of one of finishRuns (finish-runs.ts), which holds the rule.
 */
export async function finishRun(options: FinishRunOptions): Promise<FinishRunResult> {
  const { db, runId, claimToken, outcome, actor, now, random } = options;
  const [result] = await finishRuns({ db, items: [{ runId, claimToken, outcome }], actor, now, random });
  return result!;
}
