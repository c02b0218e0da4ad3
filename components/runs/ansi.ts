// ANSI escape sequences in run output, turned into plain text segments with a
// colour class each. Only SGR colours and bold are kept; every other escape
// (cursor moves, OSC titles and links, ...) is dropped. The result is rendered
// as React text nodes, never as HTML.

export interface AnsiSegment {
  text: string;
  /** e.g. 'ansi-red ansi-bold'; '' for default. */
  className: string;
}

const COLORS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;
// CSI … final byte, OSC … BEL/ST, and lone two-byte escapes.
// eslint-disable-next-line no-control-regex
const ESCAPE = /\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;

export function parseAnsi(input: string): AnsiSegment[] {
  const segments: AnsiSegment[] = [];
  let fg: string | null = null;
  let bold = false;
  let last = 0;
  const push = (text: string) => {
    if (!text) return;
    const className = [fg ? `ansi-${fg}` : '', bold ? 'ansi-bold' : ''].filter(Boolean).join(' ');
    const prev = segments.at(-1);
    if (prev && prev.className === className) prev.text += text;
    else segments.push({ text, className });
  };
  for (const match of input.matchAll(ESCAPE)) {
    push(input.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[2] !== 'm') continue;
    const codes = (match[1] ?? '').split(';').map((c) => (c === '' ? 0 : Number(c)));
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      if (c === 0) {
        fg = null;
        bold = false;
      } else if (c === 1) bold = true;
      else if (c === 22) bold = false;
      else if (c === 39) fg = null;
      else if (c >= 30 && c <= 37) fg = COLORS[c - 30]!;
      else if (c >= 90 && c <= 97) fg = `bright-${COLORS[c - 90]!}`;
      else if (c === 38 || c === 48) i += codes[i + 1] === 5 ? 2 : codes[i + 1] === 2 ? 4 : 0; // 256/true colour: skipped
    }
  }
  push(input.slice(last));
  return segments;
}

/** The text with every escape sequence removed. */
export function stripAnsi(input: string): string {
  return input.replace(ESCAPE, '');
}
