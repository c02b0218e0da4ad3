'use client';

import { buttonClass, FieldNotes, inputClass } from './field';
import { newRow, renamed, type EntryRow } from './task-form-entries';

const SMALL_BUTTON =
  'inline-flex h-9 shrink-0 items-center justify-center rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-800 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800';

/**
 * Name / value rows with a "Secret" checkbox each (on by default for names
 * like *TOKEN*, *KEY*, Authorization). A stored secret shows •••• and a
 * Replace button: its value never reaches the browser, and saving without
 * replacing keeps it.
 */
export function EntriesEditor({
  id,
  label,
  what,
  rows,
  onChange,
  error,
  hint,
  namePlaceholder,
  valuePlaceholder,
}: {
  id: string;
  label: string;
  /** "variable" / "header", for the buttons and labels. */
  what: string;
  rows: EntryRow[];
  onChange: (rows: EntryRow[]) => void;
  error?: string;
  hint: string;
  namePlaceholder: string;
  valuePlaceholder: string;
}) {
  const update = (index: number, row: EntryRow) => onChange(rows.map((r, i) => (i === index ? row : r)));
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="min-w-0 sm:col-span-2" role="group" aria-labelledby={`${id}-label`} aria-describedby={describedBy}>
      <p id={`${id}-label`} className="mb-1 text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
      </p>
      {rows.length > 0 ? (
        <ul className="space-y-2">
          {rows.map((row, index) => {
            const n = index + 1;
            return (
              <li key={row.id} className="flex flex-wrap items-center gap-2 sm:flex-nowrap" data-testid={`${what}-row`}>
                <input
                  id={index === 0 ? id : undefined}
                  aria-label={`${label} ${what} ${n} name`}
                  value={row.name}
                  onChange={(e) => update(index, renamed(row, e.target.value))}
                  placeholder={namePlaceholder}
                  spellCheck={false}
                  autoComplete="off"
                  aria-invalid={error ? true : undefined}
                  className={`${inputClass} font-mono sm:w-2/5`}
                />
                {row.stored ? (
                  <span className="flex min-w-0 flex-1 items-center gap-2">
                    <span
                      className="block w-full rounded-md border border-dashed border-slate-300 px-3 py-2 font-mono text-sm text-slate-700 dark:border-slate-600 dark:text-slate-300"
                      aria-label={`${row.name || `${what} ${n}`}: stored secret, hidden`}
                      data-testid="stored-secret"
                    >
                      ••••
                    </span>
                    <button
                      type="button"
                      className={SMALL_BUTTON}
                      onClick={() => update(index, { ...row, stored: false, value: '' })}
                    >
                      Replace<span className="sr-only"> {row.name}</span>
                    </button>
                  </span>
                ) : (
                  <input
                    aria-label={`${label} ${what} ${n} value`}
                    value={row.value}
                    onChange={(e) => update(index, { ...row, value: e.target.value })}
                    type={row.secret ? 'password' : 'text'}
                    placeholder={row.secret ? 'secret value' : valuePlaceholder}
                    spellCheck={false}
                    autoComplete="off"
                    className={`${inputClass} min-w-0 flex-1 font-mono`}
                  />
                )}
                <label className="inline-flex shrink-0 items-center gap-1.5 text-sm text-slate-800 dark:text-slate-200">
                  <input
                    type="checkbox"
                    checked={row.secret}
                    disabled={row.stored}
                    onChange={(e) => update(index, { ...row, secret: e.target.checked, secretChosen: true })}
                    className="h-4 w-4 accent-indigo-600"
                    aria-label={`${row.name || `${what} ${n}`} is secret`}
                  />
                  <span aria-hidden>Secret</span>
                </label>
                <button
                  type="button"
                  className={SMALL_BUTTON}
                  onClick={() => onChange(rows.filter((_, i) => i !== index))}
                  aria-label={`Remove ${row.name || `${what} ${n}`}`}
                >
                  ✕
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <button
        id={rows.length === 0 ? id : undefined}
        type="button"
        className={`${buttonClass.secondary} mt-2`}
        onClick={() => onChange([...rows, newRow()])}
      >
        Add {what}
      </button>
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}
