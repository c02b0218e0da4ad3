'use client';

import { HTTP_METHODS } from '@/server/tasks/constants';
import { EntriesEditor } from './entries-editor';
import { BoundField, BoundSelect } from './bound-field';
import { monoInputClass, Section } from './field';
import { ScriptFields } from './task-form-script';
import type { FormBind } from './task-form-bind';

const HTTP_METHOD_OPTIONS = HTTP_METHODS.map((m) => [m, m] as const);

export const KIND_LABELS = { shell: 'Shell command', http: 'HTTP request', handler: 'Handler', script: 'Script' } as const;

const SECRET_HINT =
  'Secret values are stored encrypted and never shown again; names like *TOKEN*, *KEY*, *SECRET*, *PASSWORD* are secret by default.';

/** A name/value list field (env, headers), locked like the other definition fields. */
function BoundEntries({
  bind,
  field,
  placeholders: [namePlaceholder, valuePlaceholder],
  ...props
}: {
  bind: FormBind;
  field: 'env' | 'httpHeaders';
  label: string;
  what: string;
  hint: string;
  placeholders: [string, string];
}) {
  return (
    <fieldset disabled={bind.locked(field)} className="contents">
      <EntriesEditor
        {...props}
        id={bind.id(field)}
        rows={bind.values[field]}
        onChange={(rows) => bind.set(field, rows)}
        error={bind.error(field)}
        namePlaceholder={namePlaceholder}
        valuePlaceholder={valuePlaceholder}
      />
    </fieldset>
  );
}

/** What the task runs: the fields of its kind, and the payload. */
export function KindSection({ bind }: { bind: FormBind }) {
  const { values } = bind;
  return (
    <Section title={KIND_LABELS[values.kind]}>
      {values.kind === 'shell' ? (
        <BoundField bind={bind} field="command" label="Command" required hint="Run by /bin/sh -c" wide>
          {(input) => <textarea {...input} rows={3} spellCheck={false} className={monoInputClass} />}
        </BoundField>
      ) : null}
      {values.kind === 'script' ? <ScriptFields bind={bind} /> : null}
      {values.kind === 'shell' || values.kind === 'script' ? (
        <>
          <BoundField bind={bind} field="cwd" label="Working directory" hint="Must lie inside the allowed folders; empty: the worker's" wide>
            {(input) => <input {...input} spellCheck={false} className={monoInputClass} />}
          </BoundField>
          <BoundEntries
            bind={bind}
            field="env"
            label="Environment"
            what="variable"
            hint={`Extra environment variables for the command. ${SECRET_HINT}`}
            placeholders={['LOG_LEVEL', 'info']}
          />
        </>
      ) : null}
      {values.kind === 'http' ? (
        <>
          <BoundSelect bind={bind} field="httpMethod" label="Method" options={HTTP_METHOD_OPTIONS} />
          <BoundField bind={bind} field="httpUrl" label="URL" required>
            {(input) => <input {...input} type="url" inputMode="url" spellCheck={false} placeholder="https://example.com/hook" className={monoInputClass} />}
          </BoundField>
          <BoundEntries
            bind={bind}
            field="httpHeaders"
            label="Headers"
            what="header"
            hint={`Request headers. ${SECRET_HINT.replace('names like', 'Authorization and names like')}`}
            placeholders={['Authorization', 'Bearer …']}
          />
          <BoundField bind={bind} field="httpBody" label="Body" wide>
            {(input) => <textarea {...input} rows={3} spellCheck={false} className={monoInputClass} />}
          </BoundField>
        </>
      ) : null}
      {values.kind === 'handler' ? (
        <BoundField bind={bind} field="handler" label="Handler" required hint="Name a handler registered in the worker" wide>
          {(input) => <input {...input} spellCheck={false} className={monoInputClass} />}
        </BoundField>
      ) : null}
      {values.kind !== 'http' ? (
        <BoundField
          bind={bind}
          field="payload"
          label="Payload (JSON)"
          hint={values.kind === 'handler' ? 'Passed to the handler' : 'Passed to the command as CRONBOARD_PAYLOAD'}
          wide
        >
          {(input) => (
            <textarea
              {...input}
              onBlur={() => bind.setErrors((prev) => ({ ...prev, payload: bind.validate(values).payload }))}
              rows={4}
              spellCheck={false}
              placeholder='{ "retain": 7 }'
              className={monoInputClass}
            />
          )}
        </BoundField>
      ) : null}
    </Section>
  );
}
