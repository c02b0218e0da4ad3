// Env entries and HTTP headers in the task form: one row per entry, each with
// a "secret" flag (on by default for secret-looking names) and, for a secret
// the server keeps, no value at all: the form shows •••• and sends "keep"
// back unless the user replaces it. The rules (names, limits) are the shared
// schema's (server/tasks/entries.ts).
import { looksSecret, type EntriesInput } from '@/server/tasks/entries';

export interface EntryRow {
  /** React key. */
  id: string;
  name: string;
  value: string;
  secret: boolean;
  /** The user set the secret flag: it no longer follows the name. */
  secretChosen: boolean;
  /** A stored secret: its value is on the server only; saving keeps it unless replaced. */
  stored: boolean;
}

let counter = 0;
export function newRow(init: Partial<EntryRow> = {}): EntryRow {
  counter += 1;
  return { id: `row-${counter}`, name: '', value: '', secret: false, secretChosen: false, stored: false, ...init };
}

/** The entries the server sent (stored secrets as `{ secret: true }`) as rows. */
export function rowsFromEntries(entries: EntriesInput | undefined): EntryRow[] {
  return Object.entries(entries ?? {}).map(([name, entry]) => {
    if (typeof entry === 'string') return newRow({ name, value: entry, secret: false });
    if (entry.value === undefined) return newRow({ name, secret: true, secretChosen: true, stored: true });
    return newRow({
      name,
      value: entry.value,
      secret: entry.secret ?? looksSecret(name),
      secretChosen: entry.secret !== undefined,
    });
  });
}

/**
 * A row after its name changed: the secret flag follows the name until the
 * user sets it; a stored secret renamed needs its value typed again (the
 * server keeps a value only under its name).
 */
export function renamed(row: EntryRow, name: string): EntryRow {
  return { ...row, name, stored: false, secret: row.secretChosen ? row.secret : looksSecret(name) };
}

/**
 * Rows as task input: blank rows are skipped, a kept secret is `{ secret: true }`,
 * a value under a secret-looking name says whether it is secret. Errors for a
 * missing name or a name given twice, with the row number.
 */
export function entriesFromRows(
  rows: EntryRow[],
): { ok: true; value: EntriesInput | undefined } | { ok: false; message: string } {
  const out: EntriesInput = {};
  for (const [index, row] of rows.entries()) {
    const name = row.name.trim();
    if (name === '' && row.value === '' && !row.stored) continue;
    if (name === '') return { ok: false, message: `row ${index + 1}: the name is required` };
    if (Object.hasOwn(out, name)) return { ok: false, message: `row ${index + 1}: ${name} is given twice` };
    if (row.stored) out[name] = { secret: true };
    else if (row.secret || looksSecret(name)) out[name] = { value: row.value, secret: row.secret };
    else out[name] = row.value;
  }
  return { ok: true, value: Object.keys(out).length > 0 ? out : undefined };
}
