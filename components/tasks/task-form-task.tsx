'use client';

import { TASK_KINDS } from '@/server/tasks/constants';
import { BoundField } from './bound-field';
import { monoInputClass, Section } from './field';
import type { FormBind } from './task-form-bind';
import { KIND_LABELS } from './task-form-kind';

/** Name, key, description and kind. */
export function TaskSection({ bind }: { bind: FormBind }) {
  const { uid, values, set } = bind;
  return (
    <Section title="Task">
      <BoundField bind={bind} field="name" label="Name" required>
        {(input) => <input {...input} autoComplete="off" maxLength={200} />}
      </BoundField>
      <BoundField bind={bind} field="key" label="Key" required hint="URL-safe id used by the CLI and YAML, e.g. nightly-backup">
        {(input) => <input {...input} autoComplete="off" spellCheck={false} className={monoInputClass} maxLength={80} />}
      </BoundField>
      <BoundField bind={bind} field="description" label="Description" hint="Markdown: the task page renders it (links, lists, code; no raw HTML)" wide>
        {(input) => <textarea {...input} rows={4} />}
      </BoundField>
      <div className="sm:col-span-2" role="radiogroup" aria-labelledby={`${uid}-kind-label`}>
        <p id={`${uid}-kind-label`} className="mb-1 text-sm font-medium text-slate-800 dark:text-slate-200">
          Kind
        </p>
        <div className="flex flex-wrap gap-2">
          {TASK_KINDS.map((kind) => (
            <label
              key={kind}
              className={`inline-flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm ${
                values.kind === kind
                  ? 'border-indigo-500 bg-indigo-50 text-indigo-900 dark:border-indigo-400 dark:bg-indigo-950 dark:text-indigo-100'
                  : 'border-slate-300 text-slate-800 dark:border-slate-600 dark:text-slate-200'
              }`}
            >
              <input
                type="radio"
                name={`${uid}-kind`}
                value={kind}
                checked={values.kind === kind}
                onChange={() => set('kind', kind)}
                disabled={bind.locked('kind')}
                className="accent-indigo-600"
              />
              {KIND_LABELS[kind]}
            </label>
          ))}
        </div>
      </div>
    </Section>
  );
}
