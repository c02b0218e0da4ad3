// The global scheduler switch: scheduler pause / resume / status. Thin over server/scheduler.
import type { Command } from 'commander';
import { getSchedulerState, type SchedulerState } from '../../server/scheduler/scheduler-state';
import { setSchedulerPaused } from '../../server/scheduler/set-scheduler-paused';
import { cliActor } from '../actor';
import { cliDb } from '../database';
import { processIO, type CliIO } from '../io';
import { json, jsonCommand, utc } from './format';

/** "paused since 2026-12-02 10:02:00 UTC by ada@example.com: scheduled runs are not being created", or "running". */
export function describeSchedulerState(state: SchedulerState): string {
  if (!state.paused) return 'Scheduler running: scheduled runs are being created.';
  const since = state.since ? ` since ${utc(new Date(state.since))} UTC` : '';
  return `Scheduler paused${since}${state.by ? ` by ${state.by}` : ''}: scheduled runs are not being created (manual and API runs still go).`;
}

export function registerSchedulerCommands(program: Command, io: CliIO = processIO): void {
  const scheduler = program
    .command('scheduler')
    .description('the global scheduler switch: while paused no worker creates scheduled runs');

  const flip = (paused: boolean) => async (opts: { json?: boolean }) => {
    const state = await setSchedulerPaused({ db: await cliDb(), paused, actor: cliActor() });
    if (opts.json) return io.stdout(json(state));
    const already = state.changed ? '' : paused ? '(already paused) ' : '(already running) ';
    io.stdout(`${already}${describeSchedulerState(state)}\n`);
  };
  jsonCommand(scheduler, 'pause', 'stop creating scheduled runs on every worker').action(flip(true));
  jsonCommand(scheduler, 'resume', "create scheduled runs again (missed fire times follow each task's misfire policy)").action(
    flip(false),
  );
  jsonCommand(scheduler, 'status', 'whether the scheduler is paused, since when and by whom').action(
    async (opts: { json?: boolean }) => {
      const state = await getSchedulerState({ db: await cliDb() });
      io.stdout(opts.json ? json(state) : `${describeSchedulerState(state)}\n`);
    },
  );
}
