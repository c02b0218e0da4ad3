// A run's output chunks as lines, for the log viewer's line timestamps and
// search. Chunks are not lines (a line may be split across writes, a chunk may
// hold many): each line is made of pieces, each with its stream and ANSI
// colours, and carries the time of the chunk it started in.
import { parseAnsi } from './ansi';

export type LogStream = 'stdout' | 'stderr' | 'system';

export interface LogChunk {
  seq: number;
  stream: LogStream;
  data: string;
  /** When the worker stored the chunk (ISO 8601 over SSE). */
  createdAt?: string | Date;
}

export interface LogPiece {
  stream: LogStream;
  text: string;
  /** ANSI classes ('ansi-red ansi-bold'), '' for none. */
  className: string;
}

export interface LogLine {
  /** 0-based line number. */
  n: number;
  at: Date | null;
  pieces: LogPiece[];
  /** The line's text without colours: what search looks at. */
  text: string;
  /** A line Cronboard wrote (system stream) only. */
  system: boolean;
}

export function logLines(chunks: readonly LogChunk[]): LogLine[] {
  const lines: LogLine[] = [];
  let open = null as LogLine | null;
  for (const chunk of chunks) {
    const at = chunk.createdAt ? new Date(chunk.createdAt) : null;
    // System notes are lines of their own even when the output before them did not end its line.
    if (chunk.stream === 'system') open = null;
    for (const part of parseAnsi(chunk.data)) {
      const texts = part.text.split('\n');
      for (let i = 0; i < texts.length; i++) {
        const text = texts[i]!;
        if (i > 0) open = null; // a newline ended the line before
        if (text === '') {
          // Between two newlines: an empty line. At the end: the next line starts with the next text.
          if (i > 0 && i < texts.length - 1) lines.push({ n: lines.length, at, pieces: [], text: '', system: false });
          continue;
        }
        if (!open) {
          open = { n: lines.length, at, pieces: [], text: '', system: chunk.stream === 'system' };
          lines.push(open);
        }
        open.pieces.push({ stream: chunk.stream, text, className: part.className });
        open.text += text;
        if (chunk.stream !== 'system') open.system = false;
      }
    }
    if (chunk.stream === 'system') open = null;
  }
  return lines;
}

export interface LogMatch {
  line: number;
  start: number;
  end: number;
}

/** Every case-insensitive occurrence of `query` in the lines, in order. */
export function findMatches(lines: readonly LogLine[], query: string): LogMatch[] {
  const q = query.toLowerCase();
  if (!q) return [];
  const matches: LogMatch[] = [];
  for (const line of lines) {
    const text = line.text.toLowerCase();
    for (let i = text.indexOf(q); i !== -1; i = text.indexOf(q, i + q.length)) matches.push({ line: line.n, start: i, end: i + q.length });
  }
  return matches;
}

/** "14:02:07.120", the UTC time of day of a line (the page's dates are UTC). */
export function lineTime(at: Date | null): string {
  return at ? at.toISOString().slice(11, 23) : '';
}
