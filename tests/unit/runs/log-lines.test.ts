import { describe, expect, it } from 'vitest';
import { findMatches, lineTime, logLines, type LogChunk } from '../../../components/runs/log-lines';

const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 14, 2, s)).toISOString();

describe('log lines', () => {
  it('joins a line split across chunks and splits chunks holding many lines, each line timed by the chunk it started in', () => {
    const chunks: LogChunk[] = [
      { seq: 0, stream: 'stdout', data: 'prep', createdAt: at(1) },
      { seq: 1, stream: 'stdout', data: 'aring\nstep 1\nst', createdAt: at(2) },
      { seq: 2, stream: 'stderr', data: 'ep 2 warn\n', createdAt: at(3) },
      { seq: 3, stream: 'system', data: 'exit code 3 in 1.2 s', createdAt: at(4) },
    ];
    const lines = logLines(chunks);
    expect(lines.map((l) => l.text)).toEqual(['preparing', 'step 1', 'step 2 warn', 'exit code 3 in 1.2 s']);
    expect(lines.map((l) => lineTime(l.at))).toEqual(['14:02:01.000', '14:02:02.000', '14:02:02.000', '14:02:04.000']);
    expect(lines[2]!.pieces.map((p) => [p.stream, p.text])).toEqual([
      ['stdout', 'st'],
      ['stderr', 'ep 2 warn'],
    ]);
    expect(lines.map((l) => l.system)).toEqual([false, false, false, true]);
  });

  it('puts a system note on its own line even after an unfinished line, and drops ANSI codes from the searchable text', () => {
    const lines = logLines([
      { seq: 0, stream: 'stdout', data: '\u001b[31mred\u001b[0m no newline' },
      { seq: 1, stream: 'system', data: 'killed by SIGTERM' },
    ]);
    expect(lines.map((l) => l.text)).toEqual(['red no newline', 'killed by SIGTERM']);
    expect(lines[0]!.pieces[0]).toMatchObject({ text: 'red', className: 'ansi-red' });
  });

  it('finds every case-insensitive match with its line and place, none for an empty query', () => {
    const lines = logLines([{ seq: 0, stream: 'stdout', data: 'Error one\nfine\nerror error\n\nlast\n' }]);
    expect(lines.map((l) => l.text)).toEqual(['Error one', 'fine', 'error error', '', 'last']);
    expect(findMatches(lines, 'ERROR')).toEqual([
      { line: 0, start: 0, end: 5 },
      { line: 2, start: 0, end: 5 },
      { line: 2, start: 6, end: 11 },
    ]);
    expect(findMatches(lines, '')).toEqual([]);
  });
});
