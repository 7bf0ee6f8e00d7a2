import { decodeWords } from './headers.ts';

/** What a message offers to unsubscribe (RFC 2369 List-Unsubscribe, RFC 8058 one-click). */
export interface UnsubscribeInfo {
  /** http(s) URIs from List-Unsubscribe, in the sender's order of preference. */
  web: string[];
  /** mailto: URIs from List-Unsubscribe. */
  mailto: string[];
  /**
   * RFC 8058: List-Unsubscribe-Post is `List-Unsubscribe=One-Click` and there is a web URI to
   * POST it to. The RFC obliges senders to give an HTTPS one; a plain-http one is still
   * honoured (the POST then goes to it: there is nothing better to do with the request).
   */
  oneClick: boolean;
  /** The List-Unsubscribe-Post value as received, or null. */
  post: string | null;
}

const ONE_CLICK = 'list-unsubscribe=one-click';

/** RFC 2369 §2: white space inside the angle brackets is to be ignored (folded URIs). */
function bracketed(value: string): string[] {
  return [...value.matchAll(/<([^>]*)>/g)].map((m) => m[1]!.replace(/\s+/g, ''));
}

/** Senders that forget the brackets: take URL-looking tokens. */
function bare(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((token) => token.replace(/^[<("']+|[>)"';]+$/g, ''))
    .filter((token) => /^(https?:\/\/|mailto:)/i.test(token));
}

function isUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses List-Unsubscribe (folded, RFC 2047-encoded, with or without angle brackets) and
 * List-Unsubscribe-Post. Returns null when the message offers no usable URI.
 *
 * @example parseListUnsubscribe('<mailto:u@example.org>, <https://example.org/u?id=1>', 'List-Unsubscribe=One-Click')
 * // { web: ['https://example.org/u?id=1'], mailto: ['mailto:u@example.org'], oneClick: true, post: 'List-Unsubscribe=One-Click' }
 */
export function parseListUnsubscribe(
  header: string | null,
  postHeader: string | null,
): UnsubscribeInfo | null {
  if (!header) return null;
  const value = decodeWords(header);
  const found = bracketed(value);
  const uris = (found.length > 0 ? found : bare(value)).filter(isUrl);
  const web = uris.filter((u) => /^https?:/i.test(u));
  const mailto = uris.filter((u) => /^mailto:/i.test(u));
  if (web.length === 0 && mailto.length === 0) return null;
  const post = postHeader ? decodeWords(postHeader).trim() : null;
  const oneClick =
    post !== null && post.replace(/\s+/g, '').toLowerCase() === ONE_CLICK && web.length > 0;
  return { web: [...new Set(web)], mailto: [...new Set(mailto)], oneClick, post };
}
