/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests
 * that check a scrape: every line must be a `# HELP`, a `# TYPE` or a sample
 * of the family announced just before it, label values quoted and escaped,
 * values numeric; a histogram's buckets must be cumulative and end at +Inf
 * equal to its _count. It throws, naming the line, on anything else.
 * (parse-prometheus-text-format 1.1 was tried first: it drops the labels of
 * histogram samples whose `le` label is not last, which is how prom-client
 * writes them.)
 */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /** The sample's own name (with _bucket/_sum/_count for histograms). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;

export function parsePrometheusText(text: string): Family[] {
  const families = new Map<string, Family>();
  let current: Family | null = null;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const where = `line ${index + 1} (${line})`;
    if (line === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`bad metric name at ${where}`);
      let family = families.get(name);
      if (!family) {
        family = { name, help: '', type: 'untyped', samples: [] };
        families.set(name, family);
      }
      if (kind === 'HELP') family.help = rest;
      else {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`bad type at ${where}`);
        if (family.samples.length > 0) throw new Error(`TYPE after samples at ${where}`);
        family.type = rest as MetricType;
      }
      current = family;
      return;
    }
    if (line.startsWith('#')) return; // a comment
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( \d+)?$/.exec(line);
    if (!m) throw new Error(`not a sample at ${where}`);
    const [, name, , labelText, valueText] = m as unknown as [string, string, string | undefined, string | undefined, string];
    const family: Family | null = current;
    const suffixes = family?.type === 'histogram' ? ['_bucket', '_sum', '_count'] : family?.type === 'summary' ? ['', '_sum', '_count'] : [''];
    if (!family || !suffixes.some((s) => name === family.name + s)) throw new Error(`sample outside its family at ${where}`);
    const labels: Record<string, string> = {};
    if (labelText) {
      LABEL.lastIndex = 0;
      while (LABEL.lastIndex < labelText.length) {
        const l = LABEL.exec(labelText);
        if (!l) throw new Error(`bad labels at ${where}`);
        if (l[1]! in labels) throw new Error(`duplicate label ${l[1]} at ${where}`);
        labels[l[1]!] = l[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      }
    }
    // As Prometheus reads it (Go's ParseFloat): NaN and ±Inf in any case (prom-client writes `Nan`).
    const word = valueText.toLowerCase();
    const value = word === 'nan' ? NaN : word === '+inf' || word === 'inf' ? Infinity : word === '-inf' ? -Infinity : Number(valueText);
    if (word !== 'nan' && Number.isNaN(value)) throw new Error(`bad value at ${where}`);
    family.samples.push({ name, labels, value });
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return [...families.values()];
}

/** Buckets cumulative, one +Inf bucket per series, equal to its _count. */
function checkHistogram(family: Family): void {
  const series = new Map<string, Sample[]>();
  for (const s of family.samples) {
    const { le: _le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    series.set(key, [...(series.get(key) ?? []), s]);
  }
  for (const [key, samples] of series) {
    const buckets = samples.filter((s) => s.name.endsWith('_bucket'));
    const count = samples.find((s) => s.name.endsWith('_count'))?.value;
    let previous = 0;
    for (const b of buckets) {
      if (b.value < previous) throw new Error(`${family.name}${key}: buckets not cumulative`);
      previous = b.value;
    }
    if (buckets.at(-1)?.labels.le !== '+Inf' || buckets.at(-1)?.value !== count) throw new Error(`${family.name}${key}: +Inf bucket missing or not equal to _count`);
  }
}

export function family(families: Family[], name: string): Family {
  const found = families.find((f) => f.name === name);
  if (!found) throw new Error(`no metric family ${name}; have ${families.map((f) => f.name).join(', ')}`);
  return found;
}

/** The value of the one sample named `name` (default: the family's) whose labels include `labels`. */
export function valueOf(f: Family, labels: Record<string, string> = {}, name = f.name): number | undefined {
  return f.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}
