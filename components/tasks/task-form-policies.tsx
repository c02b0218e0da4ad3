'use client';

import { BACKOFF_KINDS, MISFIRE_POLICIES, OVERLAP_POLICIES, PRIORITIES } from '@/server/tasks/constants';
import { Field, Section } from './field';
import type { FormBind } from './task-form-bind';

const OVERLAP_LABELS = {
  skip: 'Skip (no new run while one runs)',
  queue: 'Queue (run after the current one)',
  allow: 'Allow (up to max instances)',
} as const;
const MISFIRE_LABELS = {
  coalesce: 'Coalesce missed runs into one',
  skip: 'Skip runs later than the grace time',
  catch_up: 'Catch up each missed run',
} as const;

/** Priority, timeout, retries, overlap and misfire. */
export function PoliciesSection({ bind }: { bind: FormBind }) {
  const { values, error, id, text } = bind;
  return (
    <Section title="Policies">
      <Field id={id('priority')} label="Priority" error={error('priority')}>
        <select {...text('priority')}>
          {[...PRIORITIES].reverse().map((p) => (
            <option key={p} value={p}>
              {p.charAt(0).toUpperCase() + p.slice(1)}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id('timeoutSeconds')} label="Timeout (seconds)" error={error('timeoutSeconds')} hint="Empty: the server default">
        <input {...text('timeoutSeconds', { hint: 'x' })} inputMode="numeric" />
      </Field>
      <Field id={id('maxRetries')} label="Max retries" error={error('maxRetries')}>
        <input {...text('maxRetries')} inputMode="numeric" />
      </Field>
      <Field id={id('retryBackoff')} label="Backoff" error={error('retryBackoff')}>
        <select {...text('retryBackoff')}>
          {BACKOFF_KINDS.map((b) => (
            <option key={b} value={b}>
              {b === 'fixed' ? 'Fixed delay' : 'Exponential'}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id={id('retryDelaySeconds')}
        label="Retry delay (seconds)"
        error={error('retryDelaySeconds')}
        hint="Base delay before the first retry"
      >
        <input {...text('retryDelaySeconds', { hint: 'x' })} inputMode="numeric" />
      </Field>
      <Field
        id={id('retryMaxDelaySeconds')}
        label="Retry delay cap (seconds)"
        error={error('retryMaxDelaySeconds')}
        hint="Exponential backoff never waits longer"
      >
        <input {...text('retryMaxDelaySeconds', { hint: 'x' })} inputMode="numeric" />
      </Field>
      <Field id={id('overlap')} label="Overlap" error={error('overlap')}>
        <select {...text('overlap')}>
          {OVERLAP_POLICIES.map((o) => (
            <option key={o} value={o}>
              {OVERLAP_LABELS[o]}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id={id('maxInstances')}
        label="Max instances"
        error={error('maxInstances')}
        hint={values.overlap === 'allow' ? 'Runs at once' : 'Used with overlap "allow"'}
      >
        <input {...text('maxInstances', { hint: 'x' })} inputMode="numeric" disabled={values.overlap !== 'allow'} />
      </Field>
      <Field id={id('misfire')} label="Misfire" error={error('misfire')}>
        <select {...text('misfire')}>
          {MISFIRE_POLICIES.map((m) => (
            <option key={m} value={m}>
              {MISFIRE_LABELS[m]}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id={id('misfireGraceSeconds')}
        label="Misfire grace (seconds)"
        error={error('misfireGraceSeconds')}
        hint={values.misfire === 'skip' ? 'Later runs are dropped' : 'Used with misfire "skip"'}
      >
        <input {...text('misfireGraceSeconds', { hint: 'x' })} inputMode="numeric" disabled={values.misfire !== 'skip'} />
      </Field>
    </Section>
  );
}

/** Labels and assignee. */
export function BoardSection({ bind }: { bind: FormBind }) {
  const { error, id, text } = bind;
  return (
    <Section title="Board">
      <Field id={id('labels')} label="Labels" error={error('labels')} hint="Comma-separated, e.g. ops, nightly">
        <input {...text('labels', { hint: 'x' })} autoComplete="off" />
      </Field>
      <Field id={id('assignee')} label="Assignee" error={error('assignee')}>
        <input {...text('assignee')} autoComplete="off" />
      </Field>
    </Section>
  );
}
