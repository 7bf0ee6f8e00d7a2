/**
 * An undici connector that enforces the SSRF guard where it cannot be raced: on the socket.
 * Names resolve through `guardedLookup`, so the socket connects only to an approved address;
 * IP-literal hosts (for which Node skips `lookup`) are judged before any connection; and the
 * connected socket's `remoteAddress` is verified before undici writes a request on it.
 */
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';
import { NetError } from './errors.ts';
import { parseIp } from './ip.ts';
import {
  blockedLiteralMessage,
  describeAddress,
  guardedLookup,
  judgeAddress,
  type Network,
  unbracket,
} from './ssrf.ts';

/**
 * Builds the guarded connector for an undici `Agent({ connect })`.
 *
 * @example new Agent({ connect: guardedConnector(parseNetworks([]), { timeoutMs: 10_000 }) })
 */
export function guardedConnector(
  allow: readonly Network[],
  options: { timeoutMs: number },
): buildConnector.connector {
  const connect = buildConnector({ timeout: options.timeoutMs, lookup: guardedLookup(allow) });
  return (target, callback) => {
    const host = unbracket(target.hostname);
    if (parseIp(host)) {
      const verdict = judgeAddress(host, allow);
      if (!verdict.allowed) {
        callback(new NetError('blocked', blockedLiteralMessage(host, verdict), host), null);
        return;
      }
    }
    connect(target, (err, socket) => {
      if (err || !socket) {
        callback(err ?? new Error(`fetch: cannot connect to ${host}`), null);
        return;
      }
      const refusal = remoteRefusal(socket, host, allow);
      if (refusal) {
        socket.destroy();
        callback(refusal, null);
        return;
      }
      callback(null, socket);
    });
  };
}

/** The error for a socket whose peer the guard refuses, or null when the peer is allowed. */
function remoteRefusal(socket: Socket, host: string, allow: readonly Network[]): Error | null {
  const remote = socket.remoteAddress;
  if (!remote) return new NetError('network', `fetch: ${host} closed the connection`, host);
  const verdict = judgeAddress(remote, allow);
  if (verdict.allowed) return null;
  const message = `fetch: ${host} connected to ${describeAddress(remote, verdict)} (blocked)`;
  return new NetError('blocked', message, host);
}
