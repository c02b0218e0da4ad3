// `next` after sign-in: only ever a path on this site, judged the way a browser
// would resolve the Location it ends up in.
import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../../components/auth/safe-next';

const ORIGIN = 'https://cronboard.example';

describe('safeNextPath', () => {
  it.each([
    ['/', '/'],
    ['/runs', '/runs'],
    ['/runs?status=failed&task=nightly', '/runs?status=failed&task=nightly'],
    ['/tasks/nightly-backup#history', '/tasks/nightly-backup#history'],
    ['/tasks/a%20b', '/tasks/a%20b'],
    ['/runs/../workers', '/workers'],
    ['/a b', '/a%20b'],
  ])('keeps the same-origin path %j as %j', (next, want) => {
    expect(safeNextPath(next)).toBe(want);
  });

  const hostile = [
    '/\t/evil.example/phish', // the reported one: the browser drops the tab → //evil.example/phish
    '/\n/evil.example',
    '/\r/evil.example',
    '/\r\nSet-Cookie: x=1',
    '/\u0000/evil.example',
    '/\u007f/evil.example',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '/\\/evil.example',
    '\\\\evil.example',
    '/.//evil.example', // normalises to //evil.example
    '/..//evil.example',
    '/%2e//evil.example',
    'https://evil.example/phish',
    'http:evil.example',
    'javascript:alert(1)',
    'evil.example',
    ' /runs',
    '',
    '/tâches', // non-Latin-1 / non-ASCII: not valid in a Location header (a 500 before)
    '/\u2028',
    '/\ud800',
    '/login',
    '/login?next=//evil.example',
    '/setup',
    `/${'a'.repeat(3000)}`,
    null,
    undefined,
    ['/runs', '//evil.example'],
  ];
  it.each(hostile.map((h) => [h]))('sends %j home instead', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it('never yields a Location a browser resolves to another origin', () => {
    for (const next of hostile) expect(new URL(safeNextPath(next), ORIGIN).origin).toBe(ORIGIN);
    // Control characters anywhere, as a browser strips them before resolving.
    for (let c = 0; c < 0x20; c++) {
      const next = `/${String.fromCharCode(c)}/evil.example`;
      expect(new URL(safeNextPath(next), ORIGIN).origin, `char ${c}`).toBe(ORIGIN);
    }
  });
});
