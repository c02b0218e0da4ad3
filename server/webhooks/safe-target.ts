// Only safe webhook targets (issue 13 item 3): http(s) URLs whose addresses are
// public. A literal private address is refused when the endpoint is saved, and
// every address a name resolves to is checked again when a delivery connects
// (the lookup the connection itself uses), so a name that rebinds to a private
// address is caught too. WEBHOOK_ALLOW_PRIVATE=true allows them (on-premise).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(net, prefix, 'ipv6');

/** Loopback, private, link-local, shared, multicast or unspecified (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why this URL may not be a webhook target, or null (checked when an endpoint is saved). */
export function targetUrlProblem(text: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `'${text}' is not a URL (expected https://host/path)`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `only http and https URLs are allowed, not ${url.protocol.replace(':', '')}`;
  if (url.username || url.password) return 'the URL may not hold a user name or password (the signature authenticates deliveries)';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopbackName = host === 'localhost' || host.endsWith('.localhost');
  if (!allowPrivate && (loopbackName || (isIP(host) !== 0 && isPrivateAddress(host)))) {
    return `${host} is a private, loopback or link-local address (set WEBHOOK_ALLOW_PRIVATE=true to allow such targets)`;
  }
  return null;
}

/** A DNS lookup for http.request that refuses a name when any of its addresses is private. */
export function safeLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (refused) {
        const error = Object.assign(new Error(`${hostname} resolves to ${refused.address}, a private, loopback or link-local address (set WEBHOOK_ALLOW_PRIVATE=true to allow)`), { code: 'EPRIVATETARGET' });
        return callback(error, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}
