import { BlockList, isIP } from 'node:net';
import type { TrustProxy } from '../config/trust-proxy';
import { readPeerAddress } from './peer-address';

// The client's address and scheme for sign-in limits and HSTS. Forwarded
// headers are believed only as far as TRUST_PROXY says (server/config/trust-proxy.ts).

const lists = new Map<string, BlockList>();
function blockListOf(addresses: string[]): BlockList {
  const key = addresses.join(',');
  let list = lists.get(key);
  if (!list) {
    list = new BlockList();
    for (const entry of addresses) {
      const [address, prefix] = entry.split('/') as [string, string | undefined];
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) list.addAddress(address, family);
      else list.addSubnet(address, Number(prefix), family);
    }
    lists.set(key, list);
  }
  return list;
}

function isTrusted(address: string, trust: { addresses: string[] }): boolean {
  const family = isIP(address);
  return family !== 0 && blockListOf(trust.addresses).check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client address: the socket's (stamped by peer-address.ts; 'unknown' when
 * the request did not come through our server, e.g. in tests) unless
 * TRUST_PROXY names the proxies in front. Then X-Forwarded-For is read from
 * the right: skipping N hops, or every trusted proxy's address.
 */
export function clientAddress(headers: Headers, trust: TrustProxy): string {
  const peer = readPeerAddress(headers) ?? 'unknown';
  if (!trust) return peer;
  const forwarded = (headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const chain = [...forwarded, peer];
  if ('hops' in trust) return chain[Math.max(0, chain.length - 1 - trust.hops)]!;
  for (let i = chain.length - 1; i > 0; i--) if (!isTrusted(chain[i]!, trust)) return chain[i]!;
  return chain[0]!;
}

/** https as the client saw it: only a trusted proxy's X-Forwarded-Proto says so (`next start` itself serves plain http). */
export function isHttpsBehindTrustedProxy(headers: Headers, trust: TrustProxy): boolean {
  if (!trust) return false;
  const peer = readPeerAddress(headers);
  if ('addresses' in trust && peer && !isTrusted(peer, trust)) return false;
  return headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}
