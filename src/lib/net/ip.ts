/**
 * IP address and CIDR parsing over plain bytes: IPv4 as 4 bytes, IPv6 as 16. Strict on purpose
 * (no octal or shorthand IPv4 such as `010.1` or `127.1`): the inputs are configuration, DNS
 * answers and `socket.remoteAddress`, all of which use the canonical forms. Hostnames from URLs
 * are normalised by the WHATWG URL parser before they get here (`http://2130706433/` becomes
 * `127.0.0.1`).
 */

/** A parsed IP address. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly bytes: Uint8Array;
}

/** A parsed CIDR block, e.g. `127.0.0.0/8` or `fc00::/7`. `cidr` is its normalised text. */
export interface Network extends IpAddress {
  readonly prefix: number;
  readonly cidr: string;
}

const IPV4_PART = /^(?:0|[1-9]\d{0,2})$/;
const IPV6_GROUP = /^[0-9a-f]{1,4}$/i;

/** Parses a dotted-quad IPv4 address; `null` when it is not one. */
export function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (!IPV4_PART.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    bytes[i] = n;
  }
  return bytes;
}

/** Parses an IPv6 address (with `::`, an embedded IPv4 tail, brackets or a `%zone`). */
export function parseIpv6(text: string): Uint8Array | null {
  let s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone);
  if (!s.includes(':')) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = groupsOf(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1]!, true) : [];
  if (!head || !tail) return null;
  const total = head.length + tail.length;
  if (halves.length === 2 ? total > 7 : total !== 8) return null;
  const groups = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

/** The 16-bit groups of one side of `::`; the last side may end in a dotted IPv4 (2 groups). */
function groupsOf(side: string, last: boolean): number[] | null {
  if (side === '') return [];
  const parts = side.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (last && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (!v4) return null;
      groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    } else if (IPV6_GROUP.test(part)) {
      groups.push(Number.parseInt(part, 16));
    } else {
      return null;
    }
  }
  return groups;
}

/** Parses an IPv4 or IPv6 address; `null` when `text` is neither. */
export function parseIp(text: string): IpAddress | null {
  const v4 = parseIpv4(text);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = parseIpv6(text);
  return v6 ? { family: 6, bytes: v6 } : null;
}

/** Formats bytes back to text: dotted quad, or RFC 5952 IPv6 (longest zero run as `::`). */
export function formatIp(address: IpAddress): string {
  const b = address.bytes;
  if (address.family === 4) return Array.from(b).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((b[i * 2]! << 8) | b[i * 2 + 1]!) >>> 0);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * Parses one CIDR block. A bare address means a single host (`/32` or `/128`); host bits set
 * below the prefix are cleared (`127.0.0.1/8` is `127.0.0.0/8`).
 *
 * @example parseCidr('10.0.0.0/8') // { family: 4, prefix: 8, cidr: '10.0.0.0/8', … }
 */
export function parseCidr(text: string): Network {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addressText = slash === -1 ? trimmed : trimmed.slice(0, slash);
  const address = addressText.includes('%') ? null : parseIp(addressText);
  if (!address) throw new Error(`ssrf: "${text}" is not a CIDR block (e.g. 10.0.0.0/8, fc00::/7)`);
  const max = address.family === 4 ? 32 : 128;
  const prefixText = slash === -1 ? String(max) : trimmed.slice(slash + 1);
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix >= 0 && prefix <= max)) {
    throw new Error(
      `ssrf: "${text}" has an invalid prefix length (0-${max} for IPv${address.family})`,
    );
  }
  const bytes = maskBytes(address.bytes, prefix);
  return {
    family: address.family,
    bytes,
    prefix,
    cidr: `${formatIp({ ...address, bytes })}/${prefix}`,
  };
}

function maskBytes(bytes: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    out[i] = bytes[i]! & ((0xff << (8 - bits)) & 0xff);
  }
  return out;
}

/** Whether `address` lies inside `network` (families must match; no IPv4/IPv6 mapping here). */
export function inNetwork(address: IpAddress, network: Network): boolean {
  if (address.family !== network.family) return false;
  const full = network.prefix >> 3;
  for (let i = 0; i < full; i++) if (address.bytes[i] !== network.bytes[i]) return false;
  const rest = network.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (address.bytes[full]! & mask) === network.bytes[full];
}
