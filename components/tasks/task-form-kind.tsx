'use client';

import { HTTP_METHODS } from '@/server/tasks/constants';
import { EntriesEditor } from './entries-editor';
import { Field, inputClass, Section } from './field';
import type { FormBind } from './task-form-bind';

export const KIND_LABELS = { shell: 'Shell command', http: 'HTTP request', handler: 'Handler' } as const;

const SECRET_HINT =
  'Secret values are stored encrypted and never shown again; names like *TOKEN*, *KEY*, *SECRET*, *PASSWORD* are secret by default.';

/** What the task runs: the fields of its kind, and the payload. */
export function KindSection({ bind }: { bind: FormBind }) {
  const { values, set, error, id, text } = bind;
  return (
    <Section title={KIND_LABELS[values.kind]}>
      {values.kind === 'shell' ? (
        <>
          <Field
            id={id('command')}
            label="Command"
            required
            error={error('command')}
            hint="Run by /bin/sh -c"
            className="sm:col-span-2"
          >
            <textarea {...text('command', { hint: 'x' })} rows={3} spellCheck={false} className={`${inputClass} font-mono`} />
          </Field>
          <Field
            id={id('cwd')}
            label="Working directory"
            error={error('cwd')}
            hint="Must lie inside the allowed folders; empty: the worker's"
            className="sm:col-span-2"
          >
            <input {...text('cwd', { hint: 'x' })} spellCheck={false} className={`${inputClass} font-mono`} />
          </Field>
          <fieldset disabled={bind.locked('env')} className="contents">
            <EntriesEditor
              id={id('env')}
              label="Environment"
              what="variable"
              rows={values.env}
              onChange={(rows) => set('env', rows)}
              error={error('env')}
              hint={`Extra environment variables for the command. ${SECRET_HINT}`}
              namePlaceholder="LOG_LEVEL"
              valuePlaceholder="info"
            />
          </fieldset>
        </>
      ) : null}
      {values.kind === 'http' ? (
        <>
          <Field id={id('httpMethod')} label="Method" error={error('httpMethod')}>
            <select {...text('httpMethod')}>
              {HTTP_METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </Field>
          <Field id={id('httpUrl')} label="URL" required error={error('httpUrl')}>
            <input
              {...text('httpUrl')}
              type="url"
              inputMode="url"
              spellCheck={false}
              placeholder="https://example.com/hook"
              className={`${inputClass} font-mono`}
            />
          </Field>
          <fieldset disabled={bind.locked('httpHeaders')} className="contents">
            <EntriesEditor
              id={id('httpHeaders')}
              label="Headers"
              what="header"
              rows={values.httpHeaders}
              onChange={(rows) => set('httpHeaders', rows)}
              error={error('httpHeaders')}
              hint={`Request headers. ${SECRET_HINT.replace('names like', 'Authorization and names like')}`}
              namePlaceholder="Authorization"
              valuePlaceholder="Bearer …"
            />
          </fieldset>
          <Field id={id('httpBody')} label="Body" error={error('httpBody')} className="sm:col-span-2">
            <textarea {...text('httpBody')} rows={3} spellCheck={false} className={`${inputClass} font-mono`} />
          </Field>
        </>
      ) : null}
      {values.kind === 'handler' ? (
        <Field
          id={id('handler')}
          label="Handler"
          required
          error={error('handler')}
          hint="Name a handler registered in the worker"
          className="sm:col-span-2"
        >
          <input {...text('handler', { hint: 'x' })} spellCheck={false} className={`${inputClass} font-mono`} />
        </Field>
      ) : null}
      {values.kind !== 'http' ? (
        <Field
          id={id('payload')}
          label="Payload (JSON)"
          error={error('payload')}
          hint={values.kind === 'shell' ? 'Passed to the command as CRONBOARD_PAYLOAD' : 'Passed to the handler'}
          className="sm:col-span-2"
        >
          <textarea
            {...text('payload', { hint: 'x' })}
            onBlur={() => bind.setErrors((prev) => ({ ...prev, payload: bind.validate(values).payload }))}
            rows={4}
            spellCheck={false}
            placeholder='{ "retain": 7 }'
            className={`${inputClass} font-mono`}
          />
        </Field>
      ) : null}
    </Section>
  );
}
