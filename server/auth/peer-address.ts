import { randomBytes } from 'node:crypto';
import http from 'node:http';

// A Next.js 16 route handler gets a Web Request: no socket, so no client
// address. Next itself only fills X-Forwarded-For from the socket when the
// client sent none, so that header alone is whatever the client wants. This
// stamps each incoming request with the socket's address in a header of ours,
// signed with a per-process nonce a client cannot guess (any copy it sends is
// replaced), before Next sees the request. Installed once by the web process
// (instrumentation-node.ts); read by clientAddress.

export const PEER_HEADER = 'x-cronboard-peer';

type Stamp = { nonce: string; installed: boolean };
const state = ((globalThis as { __cronboardPeerStamp?: Stamp }).__cronboardPeerStamp ??= {
  nonce: randomBytes(16).toString('hex'),
  installed: false,
});

/** The socket address a request came from, when the stamp is ours; else null. */
export function readPeerAddress(headers: Headers): string | null {
  const value = headers.get(PEER_HEADER);
  if (!value) return null;
  const space = value.indexOf(' ');
  if (space < 0 || value.slice(0, space) !== state.nonce) return null;
  return value.slice(space + 1) || null;
}

/** The header value for a socket address (exported for tests that build Requests by hand). */
export function peerStamp(address: string): string {
  return `${state.nonce} ${address}`;
}

/**
 * Stamps every request of every http.Server in this process (the one `next
 * start` made included: emit is looked up on the prototype). Idempotent.
 */
export function installPeerStamp(): void {
  if (state.installed) return;
  state.installed = true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the server as `this` below
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function stampedEmit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      const address = req.socket?.remoteAddress;
      if (address) req.headers[PEER_HEADER] = peerStamp(address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, ''));
      else delete req.headers[PEER_HEADER];
    }
    return emit.apply(this, [event, ...args]);
  } as typeof http.Server.prototype.emit;
}
