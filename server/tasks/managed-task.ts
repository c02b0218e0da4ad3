import { AppError } from '../errors';
import { displayPath } from '../jobs/display-path';
import { isBoardField } from './definition-fields';

// A task defined by a job file (source yaml) has its definition in that file:
// the form, the CLI and the API may change its board fields only; its
// definition changes through the file, or after "Detach from file".

export interface ManagedTaskRow {
  key: string;
  source: string;
  sourcePath: string | null;
}

/** "jobs/backup.yaml" for a managed task, else null. */
export function managedIn(row: ManagedTaskRow): string | null {
  return row.source === 'yaml' && row.sourcePath ? displayPath(row.sourcePath) : null;
}

/**
 * Refuses (CONFLICT) a change to definition fields of a YAML-managed task,
 * unless it comes from applying the job files (`jobFile` set).
 */
export function assertNotManagedElsewhere(row: ManagedTaskRow, changed: readonly string[], jobFile?: string): void {
  const file = managedIn(row);
  if (!file || jobFile !== undefined) return;
  const definition = changed.filter((field) => !isBoardField(field));
  if (definition.length === 0) return;
  throw new AppError(
    'CONFLICT',
    `Task '${row.key}' is managed in ${file}: change ${definition.join(', ')} there and apply it, or detach the task from the file first`,
    { issues: definition.map((path) => ({ path, message: `is managed in ${file}` })) },
  );
}
