'use client';

import { useEffect, useState } from 'react';
import { Field, inputClass, Section } from './field';
import { SchedulePreview, type SchedulePreviewState } from './schedule-preview';
import type { FormBind } from './task-form-bind';

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
  const { uid, values, set, error, id, text } = bind;
  const zones = useTimeZones();
  return (
    <Section title="Schedule">
      <Field
        id={id('schedule')}
        label="Schedule"
        required
        errorTestId="schedule-error"
        error={
          error('schedule') ??
          (previewError && previewError.field !== 'timezone' ? `Schedule: ${previewError.message}` : undefined)
        }
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
