import type { FieldErrors, FieldName, TaskFormValues } from './task-form-values';

/** What each section of the task form gets from the form: values, setter, errors and ids. */
export interface FormBind {
  uid: string;
  values: TaskFormValues;
  set: <K extends FieldName>(field: K, value: TaskFormValues[K]) => void;
  error: (field: FieldName) => string | undefined;
  id: (field: FieldName) => string;
  /** Props of a text input, select or textarea bound to a string field. */
  text: (
    field: FieldName,
    extra?: { hint?: string },
  ) => {
    id: string;
    name: string;
    'aria-invalid': boolean | undefined;
    'aria-describedby': string | undefined;
    value: string;
    onChange: (e: { target: { value: string } }) => void;
    className: string;
    disabled?: boolean;
    title?: string;
  };
  setErrors: (update: (prev: FieldErrors) => FieldErrors) => void;
  validate: (next: TaskFormValues) => FieldErrors;
  /** True for a definition field the signed-in role may not change (an operator's view of an existing task). */
  locked: (field: FieldName) => boolean;
}
