// Masks a run's secret values in its output, as CI systems do: each value, its
// base64 and its URL-encoded forms become `***`, also when a value arrives
// split across two writes (a tail that could begin a secret is held back until
// the next write or the end of the stream).

export const MASK = '***';
/** Shorter values are not masked: they would blot out ordinary output. */
export const MIN_MASKED_LENGTH = 4;

/** The forms of a secret value that are masked. */
export function maskedForms(value: string): string[] {
  const forms = new Set<string>();
  const add = (v: string) => {
    if (v.length >= MIN_MASKED_LENGTH) forms.add(v);
  };
  add(value);
  const base64 = Buffer.from(value, 'utf8').toString('base64');
  add(base64);
  add(base64.replace(/=+$/, ''));
  add(Buffer.from(value, 'utf8').toString('base64url'));
  const url = encodeURIComponent(value);
  add(url);
  add(url.replace(/%20/g, '+'));
  // A multi-line value (a PEM key) is also masked line by line.
  if (/[\r\n]/.test(value)) for (const line of value.split(/\r?\n/)) add(line.trim());
  return [...forms];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class SecretMasker {
  private readonly patterns: string[];
  private readonly regex: RegExp | null;
  private readonly longest: number;
  private readonly firstChars: Set<string>;
  private readonly carry = new Map<string, string>();

  constructor(values: readonly string[]) {
    // Longest first, so the alternation prefers the whole value over a part of it.
    this.patterns = [...new Set(values.flatMap(maskedForms))].sort((a, b) => b.length - a.length);
    this.regex = this.patterns.length > 0 ? new RegExp(this.patterns.map(escape).join('|'), 'g') : null;
    this.longest = this.patterns[0]?.length ?? 0;
    this.firstChars = new Set(this.patterns.map((p) => p[0]!));
  }

  /** Whether there is anything to mask. */
  get active(): boolean {
    return this.regex !== null;
  }

  /** A whole text (a system line): every form masked, nothing held back. */
  maskAll(text: string): string {
    return this.regex ? text.replace(this.regex, MASK) : text;
  }

  /** The next text of a stream, masked; what could be the start of a secret is kept for the next call. */
  push(stream: string, text: string): string {
    if (!this.regex) return text;
    const s = (this.carry.get(stream) ?? '') + text;
    let out = '';
    let last = 0;
    let limit = s.length;
    this.regex.lastIndex = 0;
    for (let m = this.regex.exec(s); m; m = this.regex.exec(s)) {
      // Near the end, a longer form starting here or just before may still be arriving: hold it back.
      if (m.index + this.longest > s.length) {
        const hold = this.holdFrom(s, last, m.index + 1);
        if (hold <= m.index) {
          limit = hold;
          break;
        }
      }
      out += s.slice(last, m.index) + MASK;
      last = m.index + m[0].length;
    }
    const cut = this.holdFrom(s, last, limit);
    this.carry.set(stream, s.slice(cut));
    return out + s.slice(last, cut);
  }

  /** The end of a stream: its last text and whatever was held back, masked. */
  finish(stream: string, text = ''): string {
    const s = (this.carry.get(stream) ?? '') + text;
    this.carry.delete(stream);
    return this.maskAll(s);
  }

  /** Streams with text held back. */
  streams(): string[] {
    return [...this.carry.keys()];
  }

  /** The first position in [from, limit) where the rest of `s` is the beginning of a form; else limit. */
  private holdFrom(s: string, from: number, limit: number): number {
    for (let p = Math.max(from, s.length - this.longest + 1); p < limit; p++) {
      if (!this.firstChars.has(s[p]!)) continue;
      const rest = s.length - p;
      if (this.patterns.some((pattern) => pattern.length > rest && s.startsWith(pattern.slice(0, rest), p))) return p;
    }
    return limit;
  }
}
