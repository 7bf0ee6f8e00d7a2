import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { inNetwork, type Network, parseIp } from '../lib/net/ip.ts';

/** `::ffff:192.0.2.1` (an IPv4 client of a dual-stack socket) as `192.0.2.1`. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

function isTrusted(address: string, trusted: readonly Network[]): boolean {
  const ip = parseIp(address);
  return ip !== null && trusted.some((network) => inNetwork(ip, network));
}

/**
 * The client's address: the socket's peer, or — when that peer is a trusted reverse proxy
 * (CHECKPOINT_TRUSTED_PROXIES) — the rightmost `X-Forwarded-For` entry that is not itself a
 * trusted proxy. Entries left of it were written by the client and are not believed; an
 * untrusted peer's header is ignored altogether.
 *
 * @example clientAddress(c, parseNetworks(['127.0.0.0/8'])) // '203.0.113.5' behind a local nginx
 */
export function clientAddress(c: Context, trusted: readonly Network[]): string {
  let peer: string;
  try {
    peer = unmapped(getConnInfo(c).remote.address ?? '');
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
  if (!peer) return 'unknown';
  if (!isTrusted(peer, trusted)) return peer;
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => unmapped(hop.trim().replace(/^\[(.*)\](:\d+)?$/, '$1')))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (parseIp(hop) === null) return peer; // a garbled chain: believe only the socket
    if (!isTrusted(hop, trusted)) return hop;
  }
  return peer;
}
