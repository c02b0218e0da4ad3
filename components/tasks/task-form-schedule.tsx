'use client';

import { useEffect, useState } from 'react';
import { Field, inputClass, Section } from './field';
import { SchedulePreview, type SchedulePreviewState } from './schedule-preview';
import type { FormBind } from './task-form-bind';
import { TriggerPicker, whenModeOf, type WhenMode } from './trigger-picker';

type PreviewError = { field?: string | null; message: string } | null;

function useTimeZones(): string[] {
  // Filled after mount: the server's and the browser's lists may differ (no hydration mismatch).
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => {
    try {
      setZones(Intl.supportedValuesOf('timeZone'));
    } catch {
      setZones([]);
    }
  }, []);
  return zones;
}

/** Schedule and timezone with the live preview of the next fire times, and the pause flag. */
export function ScheduleSection({
  bind,
  preview,
  previewError,
}: {
  bind: FormBind;
  preview: SchedulePreviewState;
  previewError: PreviewError;
}) {
  const { uid, values, set, error, id } = bind;
  const zones = useTimeZones();
  const [mode, setMode] = useState<WhenMode>(() => whenModeOf(values.schedule));
  const scheduleError = error('schedule') ?? (previewError && previewError.field !== 'timezone' ? `Schedule: ${previewError.message}` : undefined);
  return (
    <Section title="Schedule">
      <TriggerPicker bind={bind} mode={mode} onMode={setMode} error={scheduleError} />
      {mode === 'time' ? (
        <TimeFields bind={bind} zones={zones} preview={preview} previewError={previewError} scheduleError={scheduleError} />
      ) : null}
      <div className="sm:col-span-2">
        <SchedulePreview id={`${uid}-preview`} state={preview} />
      </div>
      <label className="inline-flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200 sm:col-span-2">
        <input
          type="checkbox"
          id={id('paused')}
          checked={values.paused}
          onChange={(e) => set('paused', e.target.checked)}
          className="h-4 w-4 accent-indigo-600"
        />
        Paused (the schedule does not fire; Run now still works)
      </label>
    </Section>
  );
}

/** The time schedule and its timezone (a trigger has neither). */
function TimeFields({
  bind,
  zones,
  preview,
  previewError,
  scheduleError,
}: {
  bind: FormBind;
  zones: string[];
  preview: SchedulePreviewState;
  previewError: PreviewError;
  scheduleError: string | undefined;
}) {
  const { uid, values, error, id, text } = bind;
  return (
    <>
      <Field
        id={id('schedule')}
        label="Schedule"
        required
        errorTestId="schedule-error"
        error={scheduleError}
        hint="Cron (0 2 * * *), interval (every 15 minutes), words (weekdays at 08:00), a date-time, or manual"
      >
        <input
          {...text('schedule', { hint: 'x' })}
          autoComplete="off"
          spellCheck={false}
          className={`${inputClass} font-mono`}
          aria-controls={`${uid}-preview`}
        />
      </Field>
      <Field
        id={id('timezone')}
        label="Timezone"
        error={error('timezone') ?? (previewError?.field === 'timezone' ? `Timezone: ${previewError.message}` : undefined)}
        hint={
          values.timezone.trim() === ''
            ? `Empty: the server default${preview.data?.ok ? ` (${preview.data.timezone})` : ''}`
            : 'IANA name, e.g. Europe/Paris'
        }
      >
        <input {...text('timezone', { hint: 'x' })} list={`${uid}-zones`} autoComplete="off" spellCheck={false} />
        <datalist id={`${uid}-zones`}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </Field>
    </>
  );
}
