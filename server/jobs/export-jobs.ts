import { Document, isMap, isScalar } from 'yaml';
import type { Db } from '../db';
import { AppError } from '../errors';
import { describeSchedule, parseSchedule } from '../schedules';
import { entriesForExport } from '../tasks/export-entries';
import { taskInclude } from '../tasks/task-view';
import { exportDocument, type JobDocument } from './job-document';

// `cronboard export`: tasks as job files in the one-task-per-file format (only
// fields that differ from their defaults, stable key order, the schedule's
// description as a comment), so that applying them recreates the same tasks.
// Secret env values and headers are never exported: each becomes a `${NAME}`
// reference, which `cronboard apply` reads from its environment.

export interface ExportedJob {
  key: string;
  /** Suggested file name: KEY.yaml. */
  file: string;
  document: JobDocument;
  /** Environment variables `cronboard apply` needs for the secrets (`${NAME}`). */
  variables: string[];
  yaml: string;
}

export async function exportJobs(options: { db: Db; keys?: string[]; defaultTimezone: string }): Promise<ExportedJob[]> {
  const keys = options.keys?.length ? options.keys : undefined;
  const rows = await options.db.task.findMany({
    where: keys ? { key: { in: keys } } : {},
    include: taskInclude,
    orderBy: { key: 'asc' },
  });
  const missing = (keys ?? []).filter((k) => !rows.some((r) => r.key === k));
  if (missing.length > 0) throw new AppError('NOT_FOUND', `No task with key ${missing.map((k) => `'${k}'`).join(', ')}`);
  return rows.map((row) => {
    const document = exportDocument(row, options.defaultTimezone);
    const variables = [
      ...(entriesForExport('env', row.env)?.variables ?? []),
      ...(entriesForExport('httpHeaders', row.httpHeaders)?.variables ?? []),
    ];
    const yaml = jobYaml(document, { schedule: row.schedule, timezone: row.timezone, variables });
    return { key: row.key, file: `${row.key}.yaml`, document, variables, yaml };
  });
}

/**
 * A job document as YAML: keys in the document's order, the schedule's
 * description as a comment beside it, and a header comment for `commentBefore`
 * and the secrets `cronboard apply` needs from its environment.
 */
export function jobYaml(
  document: JobDocument,
  options: { schedule: string; timezone: string; variables?: string[]; header?: string },
): string {
  const yaml = new Document(document);
  const parsed = parseSchedule(options.schedule, { timezone: options.timezone });
  if (isMap(yaml.contents) && parsed.ok) {
    const pair = yaml.contents.items.find((p) => isScalar(p.key) && (p.key.value === 'schedule' || p.key.value === 'on'));
    if (pair && isScalar(pair.value)) pair.value.comment = ` ${describeSchedule(parsed.schedule)}`;
  }
  const header = [
    options.header,
    options.variables?.length
      ? ` Secrets are not exported: set ${options.variables.join(', ')} in the environment of \`cronboard apply\`.`
      : undefined,
  ].filter((c) => c !== undefined);
  if (header.length > 0) yaml.commentBefore = header.join('\n');
  return yaml.toString({ lineWidth: 0 });
}
