// Run commands: run, cancel, logs (history: history.ts). Thin over server/runs.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import type { Db } from '../../server/db';
import { cancelRun } from '../../server/runs/cancel-run';
import { getRun, type RunView } from '../../server/runs/get-run';
import { getRunLogs } from '../../server/runs/get-run-logs';
import { describeRunEnd } from '../../server/runs/run-end';
import { queueRuns } from '../../server/queue/queue-runs';
import { getTask } from '../../server/tasks/get-task';
import { runPayloadSchema } from '../../server/tasks/schemas';
import { cliActor } from '../actor';
import { cliDb } from '../database';
import { processIO, type CliIO } from '../io';
import { clip, duration, json, jsonCommand, runId, usageError, wholeNumber } from './format';
import { flag } from './zod-flags';

const POLL_MS = 500;
const LOG_PAGE = 1000;

function outcome(run: RunView): string {
  const took = run.durationMs !== null ? ` in ${duration(run.durationMs)}` : '';
  const end = run.status === 'succeeded' ? null : describeRunEnd(run);
  return `run ${run.id} (${run.taskKey}): ${run.status}${took}${end ? `: ${clip(end, 200)}` : ''}`;
}

/**
 * Polls runs until each has finished, following a failed run to the retry the
 * worker queued for it, so the outcome is the last attempt's.
 */
async function waitForRuns(
  db: Db,
  ids: number[],
  onFinished: (run: RunView, retryId: number | null) => void,
): Promise<RunView[]> {
  const pending = new Map(ids.map((id, index) => [id, index]));
  const final: RunView[] = [];
  for (;;) {
    for (const [id, index] of [...pending]) {
      const run = await getRun({ db, runId: id });
      if (!run.finished) continue;
      pending.delete(id);
      onFinished(run, run.retryRunId);
      if (run.retryRunId !== null && run.status !== 'succeeded') pending.set(run.retryRunId, index);
      else final[index] = run;
    }
    if (pending.size === 0) return final;
    await sleep(POLL_MS);
  }
}

function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw usageError(`${name}: not valid JSON (${(error as Error).message})`);
  }
}

/** Writes a chunk as it came (no added newline), waiting when the pipe is full. */
async function write(stream: NodeJS.WriteStream, data: string): Promise<void> {
  if (!stream.write(data)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

export function registerRunCommands(program: Command, io: CliIO = processIO): void {
  program
    .command('run')
    .description('queue manual runs of one or more tasks and print their ids')
    .argument('<keys...>', 'task keys')
    .option('--times <n>', 'queue this many runs of each task', '1')
    .option('--payload <json>', "a JSON object these runs get instead of the task's payload (handler payload, CRONBOARD_PAYLOAD)")
    .option('--wait', 'wait until every run has finished; exit 0 only if all succeeded')
    .option('--json', 'print JSON')
    .action(async (keys: string[], opts: { times: string; payload?: string; wait?: boolean; json?: boolean }) => {
      const times = wholeNumber('--times', opts.times, 1, 1000);
      const payload = opts.payload === undefined ? undefined : flag('--payload', runPayloadSchema, parseJson('--payload', opts.payload));
      const db = await cliDb();
      // Every key first, so a typo in the last one queues nothing.
      for (const key of keys) await getTask({ db, key });
      const queued: { id: number; taskKey: string }[] = [];
      for (const key of keys) {
        const ids = await queueRuns({ db, task: { key }, trigger: 'manual', actor: cliActor(), times, payload });
        queued.push(...ids.map((id) => ({ id, taskKey: key })));
      }
      if (!opts.wait) {
        io.stdout(
          opts.json
            ? json({ runs: queued.map((r) => ({ ...r, status: 'queued' })) })
            : queued.map((r) => `Queued run ${r.id} for ${r.taskKey}`).join('\n'),
        );
        return;
      }
      if (!opts.json) io.stdout(queued.map((r) => `Queued run ${r.id} for ${r.taskKey}`).join('\n'));
      const runs = await waitForRuns(
        db,
        queued.map((r) => r.id),
        (run, retryId) => {
          if (opts.json) return;
          const retry = retryId !== null && run.status !== 'succeeded' ? `; retrying as run ${retryId}` : '';
          io.stdout(`${outcome(run)}${retry}`);
        },
      );
      const ok = runs.every((r) => r.status === 'succeeded');
      if (opts.json) {
        io.stdout(
          json({
            ok,
            runs: runs.map((r) => ({
              id: r.id,
              taskKey: r.taskKey,
              status: r.status,
              attempt: r.attempt,
              exitCode: r.exitCode,
              durationMs: r.durationMs,
              error: r.error,
            })),
          }),
        );
      } else if (runs.length > 1) {
        io.stdout(
          ok
            ? `All ${runs.length} runs succeeded.`
            : `${runs.filter((r) => r.status !== 'succeeded').length} of ${runs.length} runs did not succeed.`,
        );
      }
      if (!ok) process.exitCode = 1;
    });

  jsonCommand(program, 'cancel', 'cancel a run: a queued run at once, a running one by its worker')
    .argument('<run-id>', 'run id')
    .action(async (id: string, opts: { json?: boolean }) => {
      const runIdValue = runId(id);
      const result = await cancelRun({ db: await cliDb(), runId: runIdValue, actor: cliActor() });
      const text = {
        cancelled: `Cancelled run ${runIdValue}.`,
        cancel_requested: `Cancel requested for run ${runIdValue}: its worker stops it (SIGTERM, then SIGKILL after the grace period).`,
        already_finished: `Run ${runIdValue} had already finished; nothing to cancel.`,
      }[result];
      io.stdout(opts.json ? json({ id: runIdValue, outcome: result }) : text);
    });

  program
    .command('logs')
    .description("print a run's output (stderr chunks go to stderr)")
    .argument('<run-id>', 'run id')
    .option('--follow', 'keep printing until the run has finished')
    .action(async (id: string, opts: { follow?: boolean }) => {
      const runIdValue = runId(id);
      const db = await cliDb();
      let afterSeq: number | null = null;
      let printed = 0;
      let atLineStart = true;
      for (;;) {
        const page: Awaited<ReturnType<typeof getRunLogs>> = await getRunLogs({ db, runId: runIdValue, afterSeq, limit: LOG_PAGE });
        for (const chunk of page.chunks) {
          // System lines (command, exit status) are stored without a newline: give each its own line.
          const text: string = chunk.stream === 'system' ? `${atLineStart ? '' : '\n'}${chunk.data}\n` : chunk.data;
          await write(chunk.stream === 'stderr' ? process.stderr : process.stdout, text);
          if (text.length > 0) atLineStart = text.endsWith('\n');
        }
        printed += page.chunks.length;
        afterSeq = page.lastSeq;
        if (page.chunks.length === LOG_PAGE) continue; // a full page: more are there already
        if (page.complete || !opts.follow) {
          if (printed === 0)
            io.stderr(`(run ${runIdValue} has no output${page.status === 'queued' ? ' yet: it is queued' : ''})`);
          return;
        }
        await sleep(POLL_MS);
      }
    });
}
