import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redactUrl } from '../../server/db/url';
import { AppError } from '../../server/errors';

describe('DATABASE_URL picks the provider', () => {
  it.each([
    ['file:/var/lib/cronboard.db', 'sqlite', '/var/lib/cronboard.db'],
    ['file:./data/cronboard.db', 'sqlite', './data/cronboard.db'],
    ['file:/tmp/x.db?connection_limit=1', 'sqlite', '/tmp/x.db'],
    ['postgres://u:p@db:5432/cronboard', 'postgresql', undefined],
    ['postgresql://u:p@db/cronboard?sslmode=require', 'postgresql', undefined],
  ])('%s → %s', (url, provider, file) => {
    const target = parseDatabaseUrl(url);
    expect(target.provider).toBe(provider);
    expect(target.file).toBe(file);
  });

  it.each(['mysql://localhost/db', 'cronboard.db', 'file:'])('rejects %s with a message naming DATABASE_URL', (url) => {
    expect(() => parseDatabaseUrl(url)).toThrow(AppError);
    expect(() => parseDatabaseUrl(url)).toThrow(/DATABASE_URL/);
  });

  it('hides passwords in messages', () => {
    expect(redactUrl('postgresql://cron:s3cret@db:5432/x')).toBe('postgresql://cron:***@db:5432/x');
    expect(() => parseDatabaseUrl('mysql://cron:s3cret@db/x')).toThrow(/mysql:\/\/cron:\*\*\*@db\/x/);
  });
});
