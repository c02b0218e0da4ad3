'use client';

import { SCRIPT_INTERPRETERS } from '@/server/tasks/constants';
import { BoundField } from './bound-field';
import { monoInputClass } from './field';
import type { FormBind } from './task-form-bind';

/** The script kind's fields: the interpreter (one of the known ones, or an absolute path) and the body it runs. */
export function ScriptFields({ bind }: { bind: FormBind }) {
  const listId = `${bind.id('scriptInterpreter')}-options`;
  return (
    <>
      <BoundField bind={bind} field="scriptInterpreter" label="Interpreter" required hint={`${SCRIPT_INTERPRETERS.join(', ')}, or an absolute path on the worker`}>
        {(input) => (
          <>
            <input {...input} list={listId} spellCheck={false} autoComplete="off" className={monoInputClass} />
            <datalist id={listId}>
              {SCRIPT_INTERPRETERS.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </>
        )}
      </BoundField>
      <BoundField bind={bind} field="scriptBody" label="Script" required hint="Saved with the task, written to a private temp file on each run (up to 256 KiB)" wide>
        {(input) => <textarea {...input} rows={12} spellCheck={false} wrap="off" className={`${monoInputClass} overflow-auto`} />}
      </BoundField>
    </>
  );
}
