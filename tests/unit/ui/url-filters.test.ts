// The runs and activity pages keep their filters in the URL. They are read
// with the same zod schemas the tRPC procedures parse them with, so what the
// page asks for is always something the server accepts; a hand-edited value
// the schema rejects is dropped and the others are kept.
import { describe, expect, it } from 'vitest';
import { activityFiltersFromParams, paramsFromActivityFilters } from '../../../components/activity/search-params';
import { filtersFromParams, paramsFromFilters } from '../../../components/runs/search-params';
import { eventListInputSchema } from '../../../server/events/schemas';
import { runListInputSchema } from '../../../server/runs/schemas';

describe('runs filters in the URL', () => {
  it('reads every filter and writes the same URL back', () => {
    const search = 'status=failed&task=nightly-backup&trigger=retry&from=2026-03-01T00%3A00%3A00.000Z&to=2026-03-02T12%3A30%3A00.000Z';
    const filters = filtersFromParams(new URLSearchParams(search));
    expect(filters).toEqual({
      status: 'failed',
      taskKey: 'nightly-backup',
      trigger: 'retry',
      from: new Date('2026-03-01T00:00:00.000Z'),
      to: new Date('2026-03-02T12:30:00.000Z'),
    });
    expect(paramsFromFilters(filters).toString()).toBe(search);
  });

  it('drops what the schema rejects and keeps the rest', () => {
    const filters = filtersFromParams(
      new URLSearchParams(`status=exploded&trigger=cron&from=yesterday&to=2026-03-02&task=${'k'.repeat(201)}&extra=1`),
    );
    expect(filters).toEqual({ to: new Date('2026-03-02T00:00:00.000Z') });
    expect(filtersFromParams(new URLSearchParams('task=%20%20&status='))).toEqual({});
    expect(paramsFromFilters({}).toString()).toBe('');
  });

  it('takes the first of repeated parameters and trims them (Next.js page searchParams)', () => {
    expect(filtersFromParams({ status: ['running', 'failed'], task: '  backup  ', trigger: undefined })).toEqual({
      status: 'running',
      taskKey: 'backup',
    });
  });

  it('only ever produces input the runs.list procedure accepts', () => {
    const hostile = ['status=<script>', 'task=' + 'x'.repeat(500), 'from=275760-09-14', 'trigger=__proto__', 'to=NaN'];
    for (const search of hostile) {
      const filters = filtersFromParams(new URLSearchParams(search));
      expect(runListInputSchema.safeParse({ ...filters, limit: 50 }).success, search).toBe(true);
    }
  });
});

describe('activity filters in the URL', () => {
  it('reads every filter and writes the same URL back', () => {
    const filters = activityFiltersFromParams(new URLSearchParams('task=nightly-backup&type=run.failed&actor=ada%40example.com'));
    expect(filters).toEqual({ taskKey: 'nightly-backup', type: 'run.failed', actor: 'ada@example.com' });
    expect(paramsFromActivityFilters(filters).toString()).toBe('task=nightly-backup&type=run.failed&actor=ada%40example.com');
  });

  it('drops a type the server would refuse instead of showing an error page', () => {
    // Before, the page checked only the characters, so a 101-character type reached the server and failed there.
    const long = `run.${'x'.repeat(97)}`;
    expect(eventListInputSchema.safeParse({ type: long }).success).toBe(false);
    expect(activityFiltersFromParams(new URLSearchParams(`type=${long}&actor=ci`))).toEqual({ actor: 'ci' });
    expect(activityFiltersFromParams(new URLSearchParams('type=Run.Failed;drop'))).toEqual({});
    for (const search of [`type=${long}`, `task=${'t'.repeat(300)}`, `actor=${'a'.repeat(300)}`, 'type=run']) {
      const filters = activityFiltersFromParams(new URLSearchParams(search));
      expect(eventListInputSchema.safeParse({ ...filters, limit: 50 }).success, search).toBe(true);
    }
  });
});
