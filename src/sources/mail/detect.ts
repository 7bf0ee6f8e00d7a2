import { decodeWords, firstField, type HeaderFields } from './headers.ts';

/** Why a message counts as a newsletter. */
export type NewsletterReason = 'list-id' | 'list-unsubscribe' | 'precedence' | 'marked-sender';

/** Header fields the detection needs: the IMAP header-only fetch asks for exactly these. */
export const DETECTION_HEADERS = [
  'from',
  'list-id',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'precedence',
  'message-id',
  'date',
  'subject',
] as const;

/**
 * The address of a From header value, lower-cased: `"News" <News@Example.org>` →
 * `news@example.org`; null when there is none.
 *
 * @example senderAddress('=?utf-8?Q?Caf=C3=A9?= <hello@cafe.example>') // 'hello@cafe.example'
 */
export function senderAddress(from: string | null): string | null {
  if (!from) return null;
  const value = decodeWords(from);
  const angle = [...value.matchAll(/<([^<>\s]+@[^<>\s]+)>/g)].pop()?.[1];
  const plain = angle ?? value.match(/[^\s<>"(),;:]+@[^\s<>"(),;:]+/)?.[0];
  return plain ? plain.toLowerCase() : null;
}

/**
 * Normalises a user-marked sender: an address (`news@example.org`) or a whole domain
 * (`example.org` or `@example.org`, which also covers its subdomains). Null when it is neither.
 *
 * @example normaliseMarkedSender(' @Example.org ') // '@example.org'
 */
export function normaliseMarkedSender(input: string): string | null {
  const value = input.trim().toLowerCase();
  if (/^[^\s@<>]+@[a-z0-9.-]+\.[a-z0-9-]+$/.test(value)) return value;
  const domain = value.replace(/^@/, '');
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) return `@${domain}`;
  return null;
}

/** Whether `address` is one of the marked senders (normalised as above). */
export function isMarkedSender(address: string | null, marked: readonly string[]): boolean {
  if (!address) return false;
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return marked.some((entry) =>
    entry.startsWith('@')
      ? domain === entry.slice(1) || domain.endsWith(`.${entry.slice(1)}`)
      : entry === address,
  );
}

/**
 * Decides whether a message is a newsletter, from its headers alone: RFC 2919 `List-Id`,
 * RFC 2369 `List-Unsubscribe`, `Precedence: bulk|list` (RFC 3834 §3.1.8 calls it
 * conventional), or a sender the user marked. Everything else is left alone.
 *
 * @example newsletterReason(parseHeaderBlock('Precedence: bulk\r\n\r\n'), []) // 'precedence'
 */
export function newsletterReason(
  fields: HeaderFields,
  marked: readonly string[],
): NewsletterReason | null {
  if (firstField(fields, 'list-id')) return 'list-id';
  if (firstField(fields, 'list-unsubscribe')) return 'list-unsubscribe';
  const precedence = firstField(fields, 'precedence')?.toLowerCase().trim();
  if (precedence === 'bulk' || precedence === 'list') return 'precedence';
  if (isMarkedSender(senderAddress(firstField(fields, 'from')), marked)) return 'marked-sender';
  return null;
}
