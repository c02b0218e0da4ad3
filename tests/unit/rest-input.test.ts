// What the REST API reads besides a procedure's input: If-Match, the
// Idempotency-Key and the trigger, and a task body whose kind follows from
// the one command / httpUrl / handler it gives.
import { describe, expect, it } from 'vitest';
import { apiTaskBodySchema, idempotencyOf, ifMatchVersion, runTriggerOf } from '../../server/trpc/rest-input';

const headers = (h: Record<string, string>) => ({ headers: new Headers(h) });

describe('If-Match', () => {
  it.each([
    ['"3"', 3],
    ['W/"12"', 12],
    ['7', 7],
    [' "4" ', 4],
  ])('%s is version %i', (value, version) => expect(ifMatchVersion(headers({ 'if-match': value }))).toBe(version));

  it('is no check without the header', () => expect(ifMatchVersion(headers({}))).toBeUndefined());

  it.each(['*', '"abc"', '"1", "2"', '-1'])('refuses %s naming the header', (value) => {
    expect(() => ifMatchVersion(headers({ 'if-match': value }))).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', issues: [expect.objectContaining({ path: 'If-Match' })] }));
  });
});

describe('Idempotency-Key and trigger', () => {
  const actor = { type: 'token' as const, id: 't1', name: 'ci' };
  it('scopes the key to the caller and keeps the request it answers', () => {
    expect(idempotencyOf({ ...headers({ 'idempotency-key': 'abc-1' }), actor }, 'POST /tasks/a/run times=1')).toEqual({ scope: 'token:t1', key: 'abc-1', request: 'POST /tasks/a/run times=1' });
    expect(idempotencyOf({ ...headers({}), actor }, 'x')).toBeUndefined();
    expect(() => idempotencyOf({ ...headers({ 'idempotency-key': 'has space' }), actor }, 'x')).toThrow(/Idempotency-Key/);
  });
  it('records api for REST and manual for tRPC', () => {
    expect(runTriggerOf({ transport: 'rest' })).toBe('api');
    expect(runTriggerOf({ transport: 'trpc' })).toBe('manual');
    expect(runTriggerOf({})).toBe('manual');
  });
});

describe('a REST task body', () => {
  const base = { key: 'k', name: 'K' };
  it.each([
    [{ command: 'echo hi' }, 'shell'],
    [{ httpUrl: 'https://example.test/' }, 'http'],
    [{ handler: 'cleanup' }, 'handler'],
  ])('infers the kind from %o', (fields, kind) => expect(apiTaskBodySchema.parse({ ...base, ...fields }).kind).toBe(kind));

  it('needs the kind when two are given or none, and keeps the one given', () => {
    expect(apiTaskBodySchema.safeParse({ ...base, command: 'x', handler: 'y' }).success).toBe(false);
    expect(apiTaskBodySchema.safeParse(base).success).toBe(false);
    expect(apiTaskBodySchema.parse({ ...base, kind: 'handler', handler: 'y', command: 'x' }).kind).toBe('handler');
  });
});
