// The client address for sign-in limits: the socket's unless TRUST_PROXY names
// the proxies in front; a client's own X-Forwarded-For (or a forged stamp) never counts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddress, isHttpsBehindTrustedProxy } from '../../../server/auth/client-address';
import { installPeerStamp, PEER_HEADER, peerStamp } from '../../../server/auth/peer-address';
import { loadConfig } from '../../../server/config';
import { trustProxySchema } from '../../../server/config/trust-proxy';

const headers = (peer: string | null, xff?: string, extra: Record<string, string> = {}) =>
  new Headers({ ...(peer ? { [PEER_HEADER]: peerStamp(peer) } : {}), ...(xff ? { 'x-forwarded-for': xff } : {}), ...extra });

describe('clientAddress', () => {
  it('without TRUST_PROXY: the socket address, whatever X-Forwarded-For says', () => {
    expect(clientAddress(headers('198.51.100.7', '203.0.113.1'), null)).toBe('198.51.100.7');
    expect(clientAddress(headers(null, '203.0.113.1'), null)).toBe('unknown');
    // A stamp without this process's nonce is the client's own invention.
    expect(clientAddress(new Headers({ [PEER_HEADER]: 'guess 10.9.9.9' }), null)).toBe('unknown');
  });

  it('with a hop count: that many proxies from the right are skipped', () => {
    expect(clientAddress(headers('10.0.0.2', '203.0.113.1'), { hops: 1 })).toBe('203.0.113.1');
    expect(clientAddress(headers('10.0.0.2', 'forged, 203.0.113.1'), { hops: 1 })).toBe('203.0.113.1');
    expect(clientAddress(headers('10.0.0.2', 'forged, 203.0.113.1, 10.0.0.9'), { hops: 2 })).toBe('203.0.113.1');
    expect(clientAddress(headers('10.0.0.2'), { hops: 3 })).toBe('10.0.0.2');
  });

  it('with proxy addresses/CIDRs: the nearest address that is not a trusted proxy', () => {
    const trust = { addresses: ['10.0.0.0/8', '::1'] };
    expect(clientAddress(headers('10.0.0.2', 'forged, 203.0.113.1, 10.1.2.3'), trust)).toBe('203.0.113.1');
    expect(clientAddress(headers('::1', '2001:db8::5'), trust)).toBe('2001:db8::5');
    // A peer that is no trusted proxy is the client, whatever it forwards.
    expect(clientAddress(headers('198.51.100.7', '203.0.113.1'), trust)).toBe('198.51.100.7');
  });

  it('believes X-Forwarded-Proto: https only from a trusted proxy', () => {
    const https = { 'x-forwarded-proto': 'https' };
    expect(isHttpsBehindTrustedProxy(headers('198.51.100.7', undefined, https), null)).toBe(false);
    expect(isHttpsBehindTrustedProxy(headers('10.0.0.2', undefined, https), { hops: 1 })).toBe(true);
    expect(isHttpsBehindTrustedProxy(headers('10.0.0.2', undefined, https), { addresses: ['10.0.0.0/8'] })).toBe(true);
    expect(isHttpsBehindTrustedProxy(headers('198.51.100.7', undefined, https), { addresses: ['10.0.0.0/8'] })).toBe(false);
    expect(isHttpsBehindTrustedProxy(headers('10.0.0.2', undefined, { 'x-forwarded-proto': 'http' }), { hops: 1 })).toBe(false);
  });
});

describe('TRUST_PROXY configuration', () => {
  it.each([
    [undefined, null],
    ['false', null],
    ['0', null],
    ['2', { hops: 2 }],
    ['10.0.0.0/8, 127.0.0.1,::1', { addresses: ['10.0.0.0/8', '127.0.0.1', '::1'] }],
  ])('%j → %j', (value, want) => {
    expect(loadConfig({ env: { TRUST_PROXY: value }, cwd: '/nonexistent' }).trustProxy).toEqual(want);
  });
  it('refuses true, bad counts and bad addresses, naming the key', () => {
    expect(() => loadConfig({ env: { TRUST_PROXY: 'true' }, cwd: '/nonexistent' })).toThrow(/TRUST_PROXY \(environment\): true would trust any client/);
    expect(() => loadConfig({ env: { TRUST_PROXY: '99' }, cwd: '/nonexistent' })).toThrow(/TRUST_PROXY \(environment\): a hop count must be/);
    expect(() => loadConfig({ env: { TRUST_PROXY: '10.0.0.0/33,proxy.local' }, cwd: '/nonexistent' })).toThrow(/not an IP address or CIDR: '10.0.0.0\/33', 'proxy.local'/);
    expect(trustProxySchema.parse(['10.0.0.1'])).toEqual({ addresses: ['10.0.0.1'] });
  });
});

describe('the peer stamp on a real HTTP server', () => {
  let server: http.Server;
  let url = '';
  beforeAll(async () => {
    installPeerStamp();
    server = http.createServer((req, res) => {
      const h = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') h.set(k, v);
      res.end(clientAddress(h, null));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sees the socket address, not a forged X-Forwarded-For or stamp', async () => {
    const res = await fetch(url, { headers: { 'x-forwarded-for': '203.0.113.66', [PEER_HEADER]: 'guess 203.0.113.66' } });
    expect(await res.text()).toBe('127.0.0.1');
  });
});
