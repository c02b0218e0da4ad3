import { describe, expect, it } from 'vitest';
import { parseAnsi, stripAnsi } from '../../../components/runs/ansi';

describe('parseAnsi', () => {
  it.each([
    ['plain text', 'hello', [{ text: 'hello', className: '' }]],
    [
      'a red word',
      'a \x1b[31mred\x1b[0m b',
      [
        { text: 'a ', className: '' },
        { text: 'red', className: 'ansi-red' },
        { text: ' b', className: '' },
      ],
    ],
    [
      'bold bright green',
      '\x1b[1;92mok\x1b[22;39m.',
      [
        { text: 'ok', className: 'ansi-bright-green ansi-bold' },
        { text: '.', className: '' },
      ],
    ],
    ['cursor moves and OSC titles dropped', '\x1b[2K\x1b]0;title\x07done', [{ text: 'done', className: '' }]],
    ['256 colours ignored, text kept', '\x1b[38;5;202mx\x1b[m', [{ text: 'x', className: '' }]],
    ['markup stays text', '<b>&amp;</b>', [{ text: '<b>&amp;</b>', className: '' }]],
  ])('%s', (_name, input, expected) => {
    expect(parseAnsi(input)).toEqual(expected);
  });

  it('stripAnsi leaves only the text', () => {
    expect(stripAnsi('\x1b[31merror\x1b[0m: \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\')).toBe('error: link');
  });
});
