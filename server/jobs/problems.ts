// A problem in a job file, located: `jobs/daily.yaml:7:13: schedule: minute: 61 is out of range 0-59`.

export interface JobProblem {
  /** The file as the user named it (relative to the working directory when inside it). */
  file: string;
  line: number;
  column: number;
  /** The field in the file's own spelling (`schedule`, `max_retries`, `env.TOKEN`), when one is to blame. */
  field?: string;
  message: string;
}

export function formatProblem(p: JobProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length]!;
}

/** The closest known key to an unknown one (`maxRetries` → `max_retries`, `shedule` → `schedule`), if any is close. */
export function didYouMean(unknown: string, known: readonly string[]): string | undefined {
  const snake = unknown
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
  if (snake !== unknown && known.includes(snake)) return snake;
  let best: { key: string; d: number } | undefined;
  for (const key of known) {
    const d = distance(snake, key);
    if (!best || d < best.d) best = { key, d };
  }
  return best && best.d <= Math.max(2, Math.floor(best.key.length / 3)) ? best.key : undefined;
}
