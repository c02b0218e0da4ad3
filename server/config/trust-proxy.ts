import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * TRUST_PROXY: which reverse proxies may tell us the client's address
 * (X-Forwarded-For) and scheme (X-Forwarded-Proto). Unset or `false`: none,
 * the socket address is the client. A whole number N: the N proxies nearest to
 * us (each appends the address it saw). A list of addresses or CIDRs
 * (`10.0.0.0/8,::1`): the proxies we trust, wherever they are in the chain.
 */
export type TrustProxy = null | { hops: number } | { addresses: string[] };

const OFF = ['', 'false', 'no', 'off', '0', 'none'];

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

export const trustProxySchema = z
  .union([z.number(), z.boolean(), z.string(), z.array(z.string())], { error: 'must be a hop count or a list of proxy addresses/CIDRs' })
  .transform((value, ctx): TrustProxy => {
    if (value === false) return null;
    if (value === true || (typeof value === 'string' && ['true', 'yes', 'on'].includes(value.trim().toLowerCase()))) {
      ctx.addIssue({ code: 'custom', message: 'true would trust any client: give the number of proxies in front (e.g. 1) or their addresses' });
      return z.NEVER;
    }
    if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+\s*$/.test(value))) {
      const hops = Number(value);
      if (!Number.isInteger(hops) || hops < 0 || hops > 20) {
        ctx.addIssue({ code: 'custom', message: 'a hop count must be a whole number from 0 to 20' });
        return z.NEVER;
      }
      return hops === 0 ? null : { hops };
    }
    if (typeof value === 'string' && OFF.includes(value.trim().toLowerCase())) return null;
    const entries = (Array.isArray(value) ? value : value.split(',')).map((e) => e.trim()).filter(Boolean);
    const bad = entries.filter((e) => !isAddressOrCidr(e));
    if (bad.length > 0 || entries.length === 0) {
      ctx.addIssue({ code: 'custom', message: `not an IP address or CIDR: ${bad.map((b) => `'${b.slice(0, 60)}'`).join(', ') || '(empty list)'} (e.g. 1, or 10.0.0.0/8,127.0.0.1)` });
      return z.NEVER;
    }
    return { addresses: entries };
  });
