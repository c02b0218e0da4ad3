import { isEncrypted } from '../secrets/crypto';
import { storedEntries } from './stored-entries';

/** The environment variable an exported secret refers to: env names as they are, header names upper-cased with `_` (X-Api-Key → X_API_KEY). */
export function exportVariableName(field: 'env' | 'httpHeaders', name: string): string {
  return field === 'env'
    ? name
    : name
        .toUpperCase()
        .replace(/[^A-Z0-9_]/g, '_')
        .replace(/^(?=\d)/, '_');
}

/**
 * A task's env or headers as `cronboard export` writes them: plain values as
 * they are, each secret as a `${NAME}` reference (its value never leaves the
 * database), with the variables the export needs to be applied again.
 */
export function entriesForExport(
  field: 'env' | 'httpHeaders',
  column: unknown,
): { entries: Record<string, string>; variables: string[] } | null {
  const stored = storedEntries(column);
  if (!stored || Object.keys(stored).length === 0) return null;
  const entries: Record<string, string> = {};
  const variables: string[] = [];
  for (const [name, value] of Object.entries(stored)) {
    if (!isEncrypted(value)) {
      entries[name] = value;
      continue;
    }
    const variable = exportVariableName(field, name);
    entries[name] = `\${${variable}}`;
    variables.push(variable);
  }
  return { entries, variables };
}
