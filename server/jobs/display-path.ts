import { relative, sep } from 'node:path';

/** A file as shown to people: relative to the working directory when inside it (`jobs/daily.yaml`), else absolute. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !rel.startsWith(sep) ? rel : file;
}
