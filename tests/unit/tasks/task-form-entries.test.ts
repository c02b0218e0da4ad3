import { describe, expect, it } from 'vitest';
import { entriesFromRows, newRow, renamed, rowsFromEntries } from '../../../components/tasks/task-form-entries';
import { emptyFormValues, formValuesFromInput, toTaskInput } from '../../../components/tasks/task-form-values';

describe('the task form’s env and header rows', () => {
  it('shows a stored secret without a value and sends "keep" back unless it is replaced', () => {
    const rows = rowsFromEntries({ API_KEY: { secret: true }, LOG_LEVEL: 'info', KEYBOARD: { value: 'us', secret: false } });
    expect(rows.map(({ name, value, secret, stored }) => ({ name, value, secret, stored }))).toEqual([
      { name: 'API_KEY', value: '', secret: true, stored: true },
      { name: 'LOG_LEVEL', value: 'info', secret: false, stored: false },
      { name: 'KEYBOARD', value: 'us', secret: false, stored: false },
    ]);
    expect(entriesFromRows(rows)).toEqual({ ok: true, value: { API_KEY: { secret: true }, LOG_LEVEL: 'info', KEYBOARD: { value: 'us', secret: false } } });
    const replaced = rows.map((r) => (r.name === 'API_KEY' ? { ...r, stored: false, value: 'new' } : r));
    expect(entriesFromRows(replaced)).toMatchObject({ ok: true, value: { API_KEY: { value: 'new', secret: true } } });
  });

  it('turns the secret flag on for secret-looking names until the user sets it', () => {
    const row = renamed(newRow(), 'GITHUB_TOKEN');
    expect(row.secret).toBe(true);
    expect(renamed(row, 'GITHUB_USER').secret).toBe(false);
    const chosen = { ...renamed(newRow(), 'API_KEY'), secret: false, secretChosen: true };
    expect(renamed(chosen, 'API_KEY_2').secret).toBe(false);
    // A stored secret renamed needs a new value: the server keeps values by name.
    expect(renamed(rowsFromEntries({ TOKEN: { secret: true } })[0]!, 'TOKEN2').stored).toBe(false);
  });

  it('says which row is wrong, and the schema names a bad variable', () => {
    expect(entriesFromRows([newRow({ value: 'x' })])).toEqual({ ok: false, message: 'row 1: the name is required' });
    expect(entriesFromRows([newRow({ name: 'A', value: '1' }), newRow({ name: 'A', value: '2' })])).toEqual({ ok: false, message: 'row 2: A is given twice' });
    const values = { ...emptyFormValues('UTC'), name: 'T', key: 't', command: 'true', schedule: 'manual', env: [newRow({ name: 'not a pair', value: '1' })] };
    const result = toTaskInput(values);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.env).toBe('Environment: "not a pair" is not a valid variable name (letters, digits and underscore, not starting with a digit)');
  });

  it('round-trips a task with secrets from the server through the form unchanged', () => {
    const input = {
      key: 'hook',
      name: 'Hook',
      kind: 'http' as const,
      httpUrl: 'https://example.com/',
      httpMethod: 'POST' as const,
      httpHeaders: { Authorization: { secret: true }, 'Content-Type': 'application/json' },
      schedule: 'manual',
    };
    const result = toTaskInput(formValuesFromInput(input, 'UTC'));
    expect(result.ok && result.input.httpHeaders).toEqual(input.httpHeaders);
  });
});
