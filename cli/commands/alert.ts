// Alert commands: alert add / list / remove / incidents / ack. Thin over server/alerts.
import type { Command } from 'commander';
import { acknowledgeIncident, listIncidents } from '../../server/alerts/incidents';
import { createAlertRule, listAlertRules, removeAlertRule } from '../../server/alerts/rules';
import { alertRuleIdSchema, alertRuleInputSchema, parseWhen, whenOf, type AlertRuleInput } from '../../server/alerts/schemas';
import { cliActor } from '../actor';
import { cliDb, startCli } from '../database';
import { processIO, type CliIO } from '../io';
import { clip, json, jsonCommand, table, usageError, utc, wholeNumber } from './format';
import { flag } from './zod-flags';

interface AddOptions {
  task?: string;
  label?: string;
  global?: boolean;
  when: string;
  webhook?: string;
  slack?: string;
  email?: string;
  remind?: string;
  json?: boolean;
}

/** The rule the flags describe; a usage error (exit 2) names the flag that is wrong. */
function ruleFromFlags(opts: AddOptions): AlertRuleInput {
  const scopes = [opts.task !== undefined, opts.label !== undefined, opts.global === true].filter(Boolean).length;
  if (scopes !== 1) throw usageError('give exactly one of --task KEY, --label L or --global');
  const channels = [opts.webhook, opts.slack, opts.email].filter((c) => c !== undefined).length;
  if (channels !== 1) throw usageError('give exactly one channel: --webhook ID, --slack URL or --email ADDRESS');
  const when = parseWhen(opts.when);
  if (!when) throw usageError(`--when: '${opts.when}' is not failures[:N], recovery, missed or too-long[:SECONDS]`);
  const input = {
    scope: opts.task !== undefined ? 'task' : opts.label !== undefined ? 'label' : 'global',
    taskKey: opts.task,
    label: opts.label,
    ...when,
    channel: opts.webhook !== undefined ? 'webhook' : opts.slack !== undefined ? 'slack' : 'email',
    target: opts.webhook ?? opts.slack ?? opts.email,
    remindMinutes: opts.remind === undefined ? undefined : wholeNumber('--remind', opts.remind, 1, 7 * 1440),
  };
  return flag(opts.webhook !== undefined ? '--webhook' : opts.slack !== undefined ? '--slack' : '--email', alertRuleInputSchema, input);
}

export function registerAlertCommands(program: Command, io: CliIO = processIO): void {
  const alert = program.command('alert').description('alert rules (failures, recovery, missed runs, too long) and their incidents');

  jsonCommand(alert, 'add', 'add a rule: when it fires, an incident opens and the channel is told (once per incident)')
    .option('--task <key>', 'for this task')
    .option('--label <label>', 'for tasks with this label')
    .option('--global', 'for every task')
    .requiredOption('--when <condition>', 'failures[:N] (N in a row, default 1) | recovery | missed | too-long[:SECONDS] (default 3×p95)')
    .option('--webhook <id>', 'tell this webhook endpoint (signed JSON)')
    .option('--slack <url>', 'tell this Slack incoming webhook (blocks)')
    .option('--email <address>', 'email this address (SMTP_URL)')
    .option('--remind <minutes>', 'remind every so many minutes while open and not acknowledged')
    .action(async (opts: AddOptions) => {
      const input = ruleFromFlags(opts);
      const { config, handle } = await startCli();
      const rule = await createAlertRule({ db: handle.db, input, actor: cliActor(), allowPrivate: config.webhookAllowPrivate });
      io.stdout(opts.json ? json(rule) : `Alert rule ${rule.id}: ${whenOf(rule)} → ${rule.channel} ${rule.target}.`);
    });

  jsonCommand(alert, 'list', 'all alert rules').action(async (opts: { json?: boolean }) => {
    const rules = await listAlertRules({ db: await cliDb() });
    if (opts.json) return io.stdout(json(rules));
    io.stdout(
      rules.length === 0
        ? 'No alert rules yet (add one with `cronboard alert add --global --when failures --email ops@example.com`).'
        : table([
            ['ID', 'FOR', 'WHEN', 'CHANNEL', 'REMIND', 'ENABLED'],
            ...rules.map((r) => [
              r.id,
              r.scope === 'task' ? `task ${r.taskKey ?? `#${r.taskId} (deleted)`}` : r.scope === 'label' ? `label ${r.label}` : 'all tasks',
              whenOf(r),
              `${r.channel} ${clip(r.target, 50)}`,
              r.remindMinutes === null ? '-' : `${r.remindMinutes} min`,
              r.enabled ? 'yes' : 'no',
            ]),
          ]),
    );
  });

  jsonCommand(alert, 'remove', 'remove a rule with its incidents')
    .argument('<id>', 'the rule id (see `cronboard alert list`)')
    .action(async (id: string, opts: { json?: boolean }) => {
      const removed = await removeAlertRule({ db: await cliDb(), id: flag('ID', alertRuleIdSchema, id) });
      io.stdout(opts.json ? json(removed) : `Removed alert rule ${removed.id} (${whenOf(removed)}).`);
    });

  jsonCommand(alert, 'incidents', 'incidents, newest first')
    .option('--open', 'only open ones')
    .action(async (opts: { open?: boolean; json?: boolean }) => {
      const incidents = await listIncidents({ db: await cliDb(), open: opts.open });
      if (opts.json) return io.stdout(json(incidents));
      io.stdout(
        incidents.length === 0
          ? opts.open
            ? 'No open incidents.'
            : 'No incidents yet.'
          : table([
              ['ID', 'TASK', 'KIND', 'OPENED (UTC)', 'STATE', 'REASON'],
              ...incidents.map((i) => [
                String(i.id),
                i.taskKey,
                i.kind,
                utc(i.openedAt),
                i.resolvedAt ? `resolved ${utc(i.resolvedAt)}` : i.acknowledgedAt ? `acknowledged by ${i.acknowledgedBy ?? '?'}` : 'open',
                clip(i.reason, 60),
              ]),
            ]),
      );
    });

  jsonCommand(alert, 'ack', 'acknowledge an incident: no more reminders (it stays open until the task recovers)')
    .argument('<id>', 'the incident id (see `cronboard alert incidents --open`)')
    .action(async (id: string, opts: { json?: boolean }) => {
      const incident = await acknowledgeIncident({ db: await cliDb(), id: wholeNumber('ID', id, 1, Number.MAX_SAFE_INTEGER), actor: cliActor() });
      io.stdout(opts.json ? json(incident) : `Incident ${incident.id} on ${incident.taskKey} acknowledged.`);
    });
}
