'use client';

// "When it runs" in the task form: a time schedule (the schedule field), "Run
// after" another task (a searchable task box and succeeds / fails / finishes),
// or "When an event is published" (a type pattern). The two trigger choices
// only write the schedule field (`on: run.succeeded of KEY`, `on: email.*`), so
// saving goes through the form's one update path and a refused chain (a cycle)
// comes back as the schedule field's error, shown under the task box.
import { useEffect, useRef, useState } from 'react';
import { taskKeyFor } from '@/components/runs/run-filter-bar';
import { CHAIN_OUTCOMES, chainSchedule, onBody, onOutcome, onSchedule, OUTCOME_VERBS, parseOn, type ChainOutcome } from '@/server/schedules/parse-on';
import { Field, inputClass } from './field';
import type { FormBind } from './task-form-bind';
import { useTaskSuggestions } from './use-task-suggestions';

export type WhenMode = 'time' | 'after' | 'event';

const MODES: { value: WhenMode; label: string }[] = [
  { value: 'time', label: 'On a schedule' },
  { value: 'after', label: 'Run after another task' },
  { value: 'event', label: 'When an event is published' },
];
const OUTCOMES = Object.keys(CHAIN_OUTCOMES) as ChainOutcome[];

function triggerOf(schedule: string): { taskKey: string | null; pattern: string } | null {
  if (onBody(schedule) === null) return null;
  const parsed = parseOn(schedule.trim());
  return parsed.ok ? parsed.value : { taskKey: null, pattern: onBody(schedule) ?? '' };
}

export function whenModeOf(schedule: string): WhenMode {
  const trigger = triggerOf(schedule);
  return trigger === null ? 'time' : trigger.taskKey !== null || /\sof\s/i.test(schedule) ? 'after' : 'event';
}

/** The choice of when the task runs, and the fields of the two trigger choices (the time fields are the section's). */
export function TriggerPicker({ bind, mode, onMode, error }: { bind: FormBind; mode: WhenMode; onMode: (mode: WhenMode) => void; error?: string }) {
  const { values, set, id, uid } = bind;
  const initial = triggerOf(values.schedule);
  const [typed, setTyped] = useState(initial?.taskKey ?? '');
  const [outcome, setOutcome] = useState<ChainOutcome>(initial?.taskKey ? onOutcome(initial) : 'succeeded');
  const [pattern, setPattern] = useState(initial && initial.taskKey === null ? initial.pattern : '');
  // The time schedule to go back to when the trigger is removed.
  const timeSchedule = useRef(mode === 'time' ? values.schedule : 'manual');
  const suggestions = useTaskSuggestions(mode === 'after' ? typed : '');
  const key = taskKeyFor(typed, suggestions);
  const derived = mode === 'after' ? (key ? chainSchedule(outcome, key) : '') : mode === 'event' ? (pattern.trim() ? onSchedule(pattern) : '') : null;
  useEffect(() => {
    if (derived !== null && derived !== values.schedule) set('schedule', derived);
  }, [derived, values.schedule, set]);

  const choose = (next: WhenMode) => {
    if (mode === 'time') timeSchedule.current = values.schedule.trim() || 'manual';
    onMode(next);
    if (next === 'time') set('schedule', timeSchedule.current);
  };
  const { disabled, title, ...aria } = bind.text('schedule');
  const lock = { disabled, title };
  const found = suggestions.find((s) => s.key === key);
  const missing = error?.startsWith('Schedule is required') ? (mode === 'after' ? 'Choose the task this one runs after' : 'Give the event type to run on') : error;
  return (
    <>
      <fieldset id="when" className="scroll-mt-20 sm:col-span-2">
        <legend className="mb-1 text-sm font-medium text-slate-800 dark:text-slate-200">When it runs</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-1">
          {MODES.map((m) => (
            <label key={m.value} className="inline-flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
              <input type="radio" name={`${uid}-when`} value={m.value} checked={mode === m.value} onChange={() => choose(m.value)} className="h-4 w-4 accent-indigo-600" {...lock} />
              {m.label}
            </label>
          ))}
        </div>
      </fieldset>
      {mode === 'after' ? (
        <>
          <Field id={id('schedule')} label="Run after" required error={missing} errorTestId="schedule-error" hint={found ? `${found.name} (${found.key})` : "Type a task's key or name and pick it from the list"}>
            <input
              {...aria}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              list={`${uid}-after-tasks`}
              autoComplete="off"
              spellCheck={false}
              placeholder="nightly-backup"
              className={`${inputClass} font-mono`}
              {...lock}
            />
            <datalist id={`${uid}-after-tasks`}>
              {suggestions.map((s) => (
                <option key={s.key} value={s.key} label={s.name} />
              ))}
            </datalist>
          </Field>
          <Field id={`${uid}-after-outcome`} label="When it">
            <select id={`${uid}-after-outcome`} value={outcome} onChange={(e) => setOutcome(e.target.value as ChainOutcome)} className={inputClass} {...lock}>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {OUTCOME_VERBS[o]}
                </option>
              ))}
            </select>
          </Field>
        </>
      ) : null}
      {mode === 'event' ? (
        <Field id={id('schedule')} label="Event type" required error={missing} errorTestId="schedule-error" hint="A published event's type (email.batch_processed) or a family (email.*)">
          <input {...aria} value={pattern} onChange={(e) => setPattern(e.target.value)} autoComplete="off" spellCheck={false} placeholder="email.batch_processed" className={`${inputClass} font-mono`} {...lock} />
        </Field>
      ) : null}
    </>
  );
}
