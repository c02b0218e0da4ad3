'use client';

import { BACKOFF_KINDS, MISFIRE_POLICIES, OVERLAP_POLICIES, PRIORITIES } from '@/server/tasks/constants';
import { BoundField, BoundNumber, BoundSelect } from './bound-field';
import { Section } from './field';
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

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const PRIORITY_OPTIONS = [...PRIORITIES].reverse().map((p) => [p, capitalized(p)] as const);
const BACKOFF_OPTIONS = BACKOFF_KINDS.map((b) => [b, b === 'fixed' ? 'Fixed delay' : 'Exponential'] as const);
const OVERLAP_OPTIONS = OVERLAP_POLICIES.map((o) => [o, OVERLAP_LABELS[o]] as const);
const MISFIRE_OPTIONS = MISFIRE_POLICIES.map((m) => [m, MISFIRE_LABELS[m]] as const);

/** A field that only applies with another's value: its hint says which, and it is disabled otherwise. */
const appliesIf = (applies: boolean, hint: string, otherwise: string) => ({ hint: applies ? hint : otherwise, disabled: !applies });

/** Priority, timeout, retries, overlap and misfire. */
export function PoliciesSection({ bind }: { bind: FormBind }) {
  const { values } = bind;
  return (
    <Section title="Policies">
      <BoundSelect bind={bind} field="priority" label="Priority" options={PRIORITY_OPTIONS} />
      <BoundNumber bind={bind} field="timeoutSeconds" label="Timeout (seconds)" hint="Empty: the server default" />
      <BoundNumber bind={bind} field="maxRetries" label="Max retries" />
      <BoundSelect bind={bind} field="retryBackoff" label="Backoff" options={BACKOFF_OPTIONS} />
      <BoundNumber bind={bind} field="retryDelaySeconds" label="Retry delay (seconds)" hint="Base delay before the first retry" />
      <BoundNumber bind={bind} field="retryMaxDelaySeconds" label="Retry delay cap (seconds)" hint="Exponential backoff never waits longer" />
      <BoundSelect bind={bind} field="overlap" label="Overlap" options={OVERLAP_OPTIONS} />
      <BoundNumber bind={bind} field="maxInstances" label="Max instances" {...appliesIf(values.overlap === 'allow', 'Runs at once', 'Used with overlap "allow"')} />
      <BoundSelect bind={bind} field="misfire" label="Misfire" options={MISFIRE_OPTIONS} />
      <BoundNumber
        bind={bind}
        field="misfireGraceSeconds"
        label="Misfire grace (seconds)"
        {...appliesIf(values.misfire === 'skip', 'Later runs are dropped', 'Used with misfire "skip"')}
      />
    </Section>
  );
}

/** Labels and assignee. */
export function BoardSection({ bind }: { bind: FormBind }) {
  return (
    <Section title="Board">
      <BoundField bind={bind} field="labels" label="Labels" hint="Comma-separated, e.g. ops, nightly">
        {(input) => <input {...input} autoComplete="off" />}
      </BoundField>
      <BoundField bind={bind} field="assignee" label="Assignee">
        {(input) => <input {...input} autoComplete="off" />}
      </BoundField>
    </Section>
  );
}
