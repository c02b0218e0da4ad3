'use client';

import { useRouter } from 'next/navigation';
import { useId, type FormEvent } from 'react';
import { FilterDrawer } from './filter-drawer';

export type FilterField =
  | {
      kind: 'text';
      name: string;
      label: string;
      value: string | undefined;
      placeholder: string;
      width: string;
      /** Autocomplete choices (a datalist), and what the user is typing to fetch them. */
      suggestions?: { value: string; label: string }[];
      onTyping?: (text: string) => void;
    }
  | {
      kind: 'select';
      name: string;
      label: string;
      value: string | undefined;
      options: { value: string; label: string }[];
      width: string;
    }
  | { kind: 'datetime'; name: string; label: string; value: Date | undefined }
  /** A yes/no filter: submitted as 'true' when ticked, '' otherwise. */
  | { kind: 'checkbox'; name: string; label: string; value: boolean | undefined };

const fieldClass =
  'h-9 rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';
const labelClass = 'flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-300';

/** `datetime-local` wants wall time without zone: the UI's dates are UTC, so is this (see utcInputToIso). */
function toUtcInput(date: Date | undefined): string {
  return date ? date.toISOString().slice(0, 16) : '';
}

/** A `datetime-local` value read as UTC ('2026-12-02T10:00' → '2026-12-02T10:00:00.000Z'); '' stays ''. */
export function utcInputToIso(text: string): string {
  if (!text) return '';
  const date = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

function Control({ field, id }: { field: FilterField; id: string }) {
  if (field.kind === 'checkbox') {
    return <input id={id} type="checkbox" name={field.name} value="true" defaultChecked={field.value === true} className="h-4 w-4" />;
  }
  if (field.kind === 'datetime') {
    return (
      <input id={id} type="datetime-local" name={field.name} defaultValue={toUtcInput(field.value)} className={fieldClass} />
    );
  }
  if (field.kind === 'text') {
    return (
      <>
        <input
          id={id}
          name={field.name}
          defaultValue={field.value ?? ''}
          placeholder={field.placeholder}
          className={`${fieldClass} ${field.width}`}
          list={field.suggestions ? `${id}-list` : undefined}
          autoComplete={field.suggestions ? 'off' : undefined}
          onChange={field.onTyping ? (e) => field.onTyping?.(e.target.value) : undefined}
        />
        {field.suggestions && (
          <datalist id={`${id}-list`}>
            {field.suggestions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </datalist>
        )}
      </>
    );
  }
  const known = field.options.some((o) => o.value === field.value);
  return (
    <select id={id} name={field.name} defaultValue={field.value ?? ''} className={`${fieldClass} ${field.width}`}>
      <option value="">any</option>
      {field.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
      {field.value && !known && <option value={field.value}>{field.value}</option>}
    </select>
  );
}

/**
 * The filter form of a list page (runs, activity): Apply writes the typed
 * values to the URL through `toSearch`, Clear filters goes back to `path`.
 * The URL is the state, so the form is re-created whenever the filters change.
 */
export function FilterBar({
  label,
  path,
  fields,
  filtered,
  toSearch,
}: {
  label: string;
  path: string;
  fields: FilterField[];
  /** Whether any filter is set (shows Clear filters). */
  filtered: boolean;
  /** The URL search params for the submitted values (trimmed, '' when empty). */
  toSearch: (values: Record<string, string>) => URLSearchParams;
}) {
  const router = useRouter();
  const id = useId();
  const go = (search: URLSearchParams) => router.replace(search.size ? `${path}?${search}` : path, { scroll: false });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values: Record<string, string> = {};
    for (const field of fields) {
      const value = form.get(field.name);
      const text = typeof value === 'string' ? value.trim() : '';
      values[field.name] = field.kind === 'datetime' ? utcInputToIso(text) : text;
    }
    go(toSearch(values));
  };
  const formKey = JSON.stringify(fields.map((f) => [f.name, f.value]));
  return (
    <form key={formKey} onSubmit={onSubmit} aria-label={label} className="mb-4 flex flex-wrap items-end gap-3">
      <FilterDrawer active={fields.filter((f) => f.value !== undefined && f.value !== '' && f.value !== false).length}>
        {fields.map((field) =>
          field.kind === 'checkbox' ? (
            <label key={field.name} className="flex h-9 items-center gap-2 text-sm text-slate-700 dark:text-slate-200" htmlFor={`${id}-${field.name}`}>
              <Control field={field} id={`${id}-${field.name}`} />
              {field.label}
            </label>
          ) : (
            <label key={field.name} className={labelClass} htmlFor={`${id}-${field.name}`}>
              {field.label}
              <Control field={field} id={`${id}-${field.name}`} />
            </label>
          ),
        )}
        <button
          type="submit"
          className="h-9 rounded-md bg-slate-900 px-3 text-sm font-medium text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-white"
        >
          Apply
        </button>
        {filtered && (
          <button
            type="button"
            onClick={() => go(new URLSearchParams())}
            className="h-9 rounded-md px-3 text-sm font-medium text-slate-700 underline-offset-2 hover:underline dark:text-slate-200"
          >
            Clear filters
          </button>
        )}
      </FilterDrawer>
    </form>
  );
}
