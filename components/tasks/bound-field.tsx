'use client';

import type { ReactNode } from 'react';
import { Field } from './field';
import type { FormBind } from './task-form-bind';
import type { FieldName } from './task-form-values';

type InputProps = ReturnType<FormBind['text']>;

interface BoundFieldProps {
  bind: FormBind;
  field: FieldName;
  label: string;
  hint?: ReactNode;
  required?: boolean;
  /** Spans both columns of the section's grid. */
  wide?: boolean;
}

/**
 * A task-form field bound to one value: the label, hint and error of `field`,
 * and its input, which `children` renders from the bound props (value,
 * onChange, ids, aria, and disabled when the role may not change it).
 */
export function BoundField({ bind, field, label, hint, required, wide, children }: BoundFieldProps & { children: (props: InputProps) => ReactNode }) {
  return (
    <Field id={bind.id(field)} label={label} error={bind.error(field)} hint={hint} required={required} className={wide ? 'sm:col-span-2' : ''}>
      {children(bind.text(field, hint ? { hint: 'x' } : undefined))}
    </Field>
  );
}

/** A bound `<select>` of `options`, each [value, label]. */
export function BoundSelect({ options, ...props }: BoundFieldProps & { options: readonly (readonly [string, string])[] }) {
  return (
    <BoundField {...props}>
      {(input) => (
        <select {...input}>
          {options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      )}
    </BoundField>
  );
}

/** A bound whole-number input (seconds, counts); `disabled` when the value does not apply. */
export function BoundNumber({ disabled, ...props }: BoundFieldProps & { disabled?: boolean }) {
  return <BoundField {...props}>{(input) => <input {...input} inputMode="numeric" disabled={input.disabled || disabled} />}</BoundField>;
}
