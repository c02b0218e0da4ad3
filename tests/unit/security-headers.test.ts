// Headers every response carries (next.config.ts) and the page headers proxy.ts
// adds: Permissions-Policy everywhere; HSTS only over https, which behind
// `next start` means a TRUST_PROXY proxy saying X-Forwarded-Proto: https.
import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it } from 'vitest';
import nextConfig from '../../next.config';
import { HSTS, proxy } from '../../proxy';
import { PEER_HEADER, peerStamp } from '../../server/auth/peer-address';
import { resetConfigForTests } from '../../server/config';

const saved = process.env.TRUST_PROXY;
afterEach(() => {
  if (saved === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = saved;
  resetConfigForTests();
});

function page(headers: Record<string, string>, trustProxy?: string) {
  if (trustProxy === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = trustProxy;
  resetConfigForTests();
  return proxy(new NextRequest('http://cronboard.test/runs', { headers: { [PEER_HEADER]: peerStamp('10.0.0.2'), ...headers } }));
}

describe('security headers', () => {
  it('every response turns camera, microphone and geolocation off', async () => {
    const rules = await nextConfig.headers!();
    const everywhere = rules.find((r) => r.source === '/:path*')!;
    expect(everywhere.headers).toContainEqual({ key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' });
  });

  it('HSTS behind a trusted proxy that says https, never over plain http or from an untrusted X-Forwarded-Proto', () => {
    expect(page({ 'x-forwarded-proto': 'https' }, '1').headers.get('strict-transport-security')).toBe(HSTS);
    expect(page({ 'x-forwarded-proto': 'https' }, '10.0.0.0/8').headers.get('strict-transport-security')).toBe(HSTS);
    expect(page({ 'x-forwarded-proto': 'https' }, '192.168.0.0/16').headers.get('strict-transport-security')).toBeNull();
    expect(page({ 'x-forwarded-proto': 'https' }).headers.get('strict-transport-security')).toBeNull();
    expect(page({ 'x-forwarded-proto': 'http' }, '1').headers.get('strict-transport-security')).toBeNull();
    expect(page({}, '1').headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
