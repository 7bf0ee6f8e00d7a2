/**
 * The SSRF guard: which IP addresses an outbound connection may reach. Public unicast is
 * allowed; loopback, private, shared (CGNAT), multicast, reserved, documentation and
 * benchmarking ranges are blocked unless an allow-list entry (CHECKPOINT_ALLOW_NETWORKS) covers
 * them; unspecified, link-local and cloud-metadata addresses are never allowed. IPv6 forms that
 * embed an IPv4 address (mapped, translated, compatible, NAT64, 6to4) are judged as that IPv4.
 * See docs/security.md, "Outbound requests (SSRF guard)".
 */
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { lookupAll } from './dns-servers.ts';
import { NetError } from './errors.ts';
import { formatIp, type IpAddress, inNetwork, type Network, parseCidr, parseIp } from './ip.ts';

export type { Network } from './ip.ts';

/** What an address is, as far as the guard cares. */
export type AddressKind =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'metadata'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'benchmarking'
  | 'unique-local'
  | 'site-local'
  | 'invalid';

/** The guard's answer for one address. `address` is the one judged (IPv4 when embedded). */
export interface AddressVerdict {
  readonly allowed: boolean;
  readonly kind: AddressKind;
  readonly address: string;
}

/** Kinds no allow-list entry can let through. */
const NEVER_ALLOWED: ReadonlySet<AddressKind> = new Set([
  'unspecified',
  'link-local',
  'metadata',
  'invalid',
]);

const table = (rows: [string, AddressKind][]) =>
  rows.map(([cidr, kind]) => ({ net: parseCidr(cidr), kind }));

// IANA IPv4 Special-Purpose Address Registry (RFC 6890 and updates); first match wins.
const IPV4_RANGES = table([
  ['0.0.0.0/8', 'unspecified'], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0/8', 'private'],
  ['100.100.100.200/32', 'metadata'], // Alibaba Cloud instance metadata
  ['100.64.0.0/10', 'shared'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'], // includes 169.254.169.254, the common metadata address
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'], // former 6to4 relay anycast
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
]);

// IANA IPv6 Special-Purpose Address Registry; anything outside 2000::/3 is not global unicast.
const IPV6_RANGES = table([
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fd00:ec2::254/128', 'metadata'], // AWS instance metadata over IPv6
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local'],
  ['fc00::/7', 'unique-local'],
  ['ff00::/8', 'multicast'],
  ['2001::/23', 'reserved'], // IETF protocol assignments, including Teredo 2001::/32
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
  ['5f00::/16', 'reserved'], // SRv6 SIDs
]);
const GLOBAL_UNICAST = parseCidr('2000::/3');

// IPv6 forms carrying an IPv4 address, with the byte offset of that address.
const EMBEDDING_IPV4: { net: Network; offset: number }[] = [
  { net: parseCidr('::ffff:0:0/96'), offset: 12 }, // IPv4-mapped
  { net: parseCidr('::ffff:0:0:0/96'), offset: 12 }, // IPv4-translated (SIIT)
  { net: parseCidr('64:ff9b::/96'), offset: 12 }, // NAT64 well-known prefix
  { net: parseCidr('2002::/16'), offset: 2 }, // 6to4
  { net: parseCidr('::/96'), offset: 12 }, // IPv4-compatible (deprecated); :: and ::1 excluded
];
const UNSPECIFIED_OR_LOOPBACK_V6 = parseCidr('::/127');

/** The IPv4 address an IPv6 address carries, if it is one of the embedding forms. */
function embeddedIpv4(address: IpAddress): IpAddress | null {
  if (address.family !== 6 || inNetwork(address, UNSPECIFIED_OR_LOOPBACK_V6)) return null;
  for (const { net, offset } of EMBEDDING_IPV4) {
    if (inNetwork(address, net)) {
      return { family: 4, bytes: address.bytes.slice(offset, offset + 4) };
    }
  }
  return null;
}

function kindOf(address: IpAddress): AddressKind {
  const ranges = address.family === 4 ? IPV4_RANGES : IPV6_RANGES;
  for (const { net, kind } of ranges) if (inNetwork(address, net)) return kind;
  if (address.family === 6 && !inNetwork(address, GLOBAL_UNICAST)) return 'reserved';
  return 'public';
}

/**
 * Classifies an address, unwrapping IPv4 carried in IPv6 first.
 *
 * @example classifyAddress('::ffff:10.0.0.1') // 'private'
 */
export function classifyAddress(ip: string): AddressKind {
  const parsed = parseIp(ip);
  if (!parsed) return 'invalid';
  return kindOf(embeddedIpv4(parsed) ?? parsed);
}

/**
 * Judges one address against the guard and an allow-list. Allow-list entries are matched
 * against the judged address, so `127.0.0.1/32` also admits `::ffff:127.0.0.1`.
 *
 * @example judgeAddress('127.0.0.1', parseNetworks(['127.0.0.0/8'])).allowed // true
 */
export function judgeAddress(ip: string, allow: readonly Network[]): AddressVerdict {
  const parsed = parseIp(ip);
  if (!parsed) return { allowed: false, kind: 'invalid', address: ip };
  const judged = embeddedIpv4(parsed) ?? parsed;
  const kind = kindOf(judged);
  const address = formatIp(judged);
  if (NEVER_ALLOWED.has(kind)) return { allowed: false, kind, address };
  if (kind === 'public') return { allowed: true, kind, address };
  return { allowed: allow.some((net) => inNetwork(judged, net)), kind, address };
}

/**
 * Whether an outbound connection may reach `ip`.
 *
 * @example isAddressAllowed('169.254.169.254', parseNetworks(['0.0.0.0/0'])) // false, never
 */
export function isAddressAllowed(ip: string, allow: readonly Network[]): boolean {
  return judgeAddress(ip, allow).allowed;
}

/**
 * Parses an allow-list of CIDR blocks (IPv4 or IPv6; a bare address is one host). IPv4-mapped
 * IPv6 blocks (`::ffff:10.0.0.0/104`) become their IPv4 block. Throws on the first bad entry.
 *
 * @example parseNetworks(['127.0.0.1/32', 'fd00::/8'])
 */
export function parseNetworks(list: readonly string[]): Network[] {
  return list.map((text) => {
    const net = parseCidr(text);
    const v4 = net.prefix >= 96 ? embeddedIpv4(net) : null;
    if (!v4 || !inNetwork(net, EMBEDDING_IPV4[0]!.net)) return net;
    return parseCidr(`${formatIp(v4)}/${net.prefix - 96}`);
  });
}

/** "a private address", "the broadcast address"… for error messages. */
export function describeKind(kind: AddressKind): string {
  if (kind === 'invalid') return 'not an IP address';
  if (kind === 'broadcast') return 'the broadcast address';
  if (kind === 'shared') return 'a shared (CGNAT) address';
  if (kind === 'metadata') return 'a cloud metadata address';
  return `${kind === 'unspecified' || kind === 'unique-local' ? 'an' : 'a'} ${kind} address`;
}

/** `10.0.0.5, a private address`, naming the IPv4 inside an IPv6 form when there is one. */
export function describeAddress(ip: string, verdict: AddressVerdict): string {
  return `${shownAddress(ip, verdict)}, ${describeKind(verdict.kind)}`;
}

/** The message for a refused IP literal: `fetch: 10.0.0.1 is a private address (blocked)`. */
export function blockedLiteralMessage(ip: string, verdict: AddressVerdict): string {
  return `fetch: ${shownAddress(ip, verdict)} is ${describeKind(verdict.kind)} (blocked)`;
}

function shownAddress(ip: string, verdict: AddressVerdict): string {
  return verdict.address === ip ? ip : `${ip} (${verdict.address})`;
}

/** Strips the brackets of an IPv6 URL host: `[::1]` → `::1`. */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function refusedAll(host: string, refused: { ip: string; verdict: AddressVerdict }[]): NetError {
  const first = refused[0];
  if (!first) return new NetError('dns', `fetch: ${host} has no addresses`, host);
  const more = refused.length > 1 ? ` and ${refused.length - 1} more blocked address(es)` : '';
  return new NetError(
    'blocked',
    `fetch: ${host} resolves to ${describeAddress(first.ip, first.verdict)} (blocked)${more}`,
    host,
  );
}

/** Resolves `host` (all addresses) and splits them into allowed and refused. */
function resolveAll(
  host: string,
  options: LookupOptions,
  allow: readonly Network[],
  callback: (err: NodeJS.ErrnoException | NetError | null, allowed: LookupAddress[]) => void,
): void {
  lookupAll(host, options, (err, addresses) => {
    if (err) return callback(err, []);
    const allowed: LookupAddress[] = [];
    const refused: { ip: string; verdict: AddressVerdict }[] = [];
    for (const entry of addresses) {
      const verdict = judgeAddress(entry.address, allow);
      if (verdict.allowed) allowed.push(entry);
      else refused.push({ ip: entry.address, verdict });
    }
    callback(allowed.length > 0 ? null : refusedAll(host, refused), allowed);
  });
}

/**
 * A `dns.lookup`-compatible function for the `lookup` option of `net.connect`/`tls.connect`:
 * it resolves, drops disallowed addresses and fails with a `NetError('blocked')` when none
 * remain, so the socket connects only to an address the guard has just approved (no window
 * for DNS rebinding). Node skips `lookup` for IP-literal hosts: check those with
 * `judgeAddress` (the safe fetcher also verifies `socket.remoteAddress`).
 *
 * @example net.connect({ host: 'example.org', port: 80, lookup: guardedLookup(allow) })
 */
export function guardedLookup(allow: readonly Network[]): LookupFunction {
  return (hostname, options, callback) => {
    const { all, ...rest } = options;
    resolveAll(hostname, rest, allow, (err, allowed) => {
      const first = allowed[0];
      if (err || !first) return callback(err, '', 0);
      if (all) callback(null, allowed);
      else callback(null, first.address, first.family);
    });
  };
}

/**
 * For raw sockets (IMAP, SMTP…): resolves `host` (a name or an IP literal, brackets allowed)
 * and returns an allowed IP to connect to, or throws `NetError` `blocked` / `dns`. Connect to
 * the returned IP (with `servername: host` for TLS), not to the name, or the check is moot.
 *
 * @example const ip = await assertHostAllowed('imap.example.org', allow);
 */
export async function assertHostAllowed(host: string, allow: readonly Network[]): Promise<string> {
  const bare = unbracket(host);
  if (parseIp(bare)) {
    const verdict = judgeAddress(bare, allow);
    if (verdict.allowed) return bare;
    throw new NetError('blocked', blockedLiteralMessage(bare, verdict), host);
  }
  return await new Promise((resolve, reject) => {
    resolveAll(bare, {}, allow, (err, allowed) => {
      const first = allowed[0];
      if (first) return resolve(first.address);
      if (err instanceof NetError) return reject(err);
      const code = (err as NodeJS.ErrnoException | null)?.code ?? 'no address';
      reject(new NetError('dns', `fetch: cannot resolve ${bare} (${code})`, host, { cause: err }));
    });
  });
}
