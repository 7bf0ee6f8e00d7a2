import { randomBytes } from 'node:crypto';

/** Local parts Checkpoint hands out: 12 characters of a–z and 2–7 (60 bits). */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A fresh random local part for an own address.
 *
 * @example randomLocalPart() // 'k7q2m4xw9pzt' (12 characters)
 */
export function randomLocalPart(length = 12): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}

/**
 * The local part an envelope recipient addresses on our domain, lower-cased and without a
 * `+tag` (sub-addressing); null for another domain or a malformed address.
 *
 * @example recipientLocalPart('Abc+Weekly@In.Example.org', 'in.example.org') // 'abc'
 */
export function recipientLocalPart(address: string, domain: string): string | null {
  const at = address.lastIndexOf('@');
  if (at <= 0) return null;
  if (address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return null;
  const local = address.slice(0, at).toLowerCase().split('+')[0] ?? '';
  return /^[a-z0-9._-]{1,64}$/.test(local) ? local : null;
}
