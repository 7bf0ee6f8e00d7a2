/**
 * URL helpers for untrusted input (feeds, e-mails): never throw, accept IRIs and stray
 * whitespace, and only let web URLs through where an item link is expected.
 */

/**
 * URLs the WHATWG parser would return unchanged: lower-case http(s) scheme and host, no port
 * or userinfo, and only characters no component percent-encodes. Feeds repeat this shape
 * thousands of times; everything else goes through `new URL` (sequential classes: linear).
 */
const CANONICAL =
  /^https?:\/\/[a-z0-9.-]+(?:\/[\w\-.~!$&'()*+,;=:@/%]*)?(?:\?[\w\-.~!$&()*+,;=:@/?%]*)?(?:#[\w\-.~!$&'()*+,;=:@/?%]*)?$/;
const PATH_ONLY =
  /^\/(?!\/)[\w\-.~!$&'()*+,;=:@/%]*(?:\?[\w\-.~!$&()*+,;=:@/?%]*)?(?:#[\w\-.~!$&'()*+,;=:@/?%]*)?$/;
/** Dot segments, `%2e` (read as a dot) and stray `%` make the parser rewrite a path. */
const REWRITTEN = /\/\.\.?(?:[/?#]|$)|%(?![0-9a-f]{2})|%2e/i;

/**
 * A host (`href[start, end)`) the parser keeps as is: DNS labels, no IPv4 look-alike, no
 * punycode to validate.
 */
function plainHost(href: string, start: number, end: number): boolean {
  if (end === start || href.charCodeAt(start) === 46 || href.charCodeAt(end - 1) === 46)
    return false;
  const dots = href.indexOf('..', start);
  const puny = href.indexOf('xn--', start);
  if ((dots !== -1 && dots < end) || (puny !== -1 && puny < end)) return false;
  const dot = href.lastIndexOf('.', end - 1);
  const last = href.charCodeAt(dot < start ? start : dot + 1);
  return last >= 97 && last <= 122; // the last label starts with a letter: not an IPv4 address
}

/** `href` itself when the URL parser would not change it, else null (take the slow path). */
function fastAbsolute(href: string): string | null {
  if (href.length > 2000 || !CANONICAL.test(href) || REWRITTEN.test(href)) return null;
  const start = href.charCodeAt(4) === 115 /* s */ ? 8 : 7;
  let end = start;
  while (end < href.length && !isDelimiter(href.charCodeAt(end))) end++;
  if (!plainHost(href, start, end)) return null;
  if (end === href.length) return `${href}/`;
  return href.charCodeAt(end) === 47 /* / */ ? href : null;
}

function isDelimiter(c: number): boolean {
  return c === 47 || c === 63 || c === 35; // / ? #
}

let lastBase = '';
let lastOrigin: string | null = null;

/** `https://host` of a canonical base URL (cached: items of a feed share one base). */
function fastOrigin(base: string): string | null {
  if (base !== lastBase) {
    lastBase = base;
    const abs = fastAbsolute(base);
    lastOrigin = abs === null ? null : abs.slice(0, abs.indexOf('/', 8));
  }
  return lastOrigin;
}

function slow(href: string, base: string | null | undefined): string | null {
  try {
    return new URL(href, base || undefined).href;
  } catch {
    // A scheme-relative URL without a base: assume https, as a browser on an https page would.
    return href.startsWith('//') ? slow(`https:${href}`, null) : null;
  }
}

/**
 * Resolves `href` against `base` (either may be relative/absent); null when no absolute URL
 * results. IRIs are encoded (`http://例え.jp/é` → punycode host, percent-encoded path).
 *
 * @example resolveUrl('../b?x=1', 'https://example.com/a/c') // 'https://example.com/b?x=1'
 */
export function resolveUrl(href: string | null | undefined, base?: string | null): string | null {
  if (href == null) return null;
  // Surrounding whitespace is trimmed; tabs and newlines inside are dropped by the URL parser.
  const h = href.trim();
  if (h === '' && !base) return null;
  const c = h.charCodeAt(0);
  if (c === 104 /* h */) {
    const fast = fastAbsolute(h);
    if (fast !== null) return fast;
  } else if (
    c === 47 /* / */ &&
    base &&
    h.length <= 2000 &&
    PATH_ONLY.test(h) &&
    !REWRITTEN.test(h)
  ) {
    const origin = fastOrigin(base);
    if (origin !== null) return origin + h;
  }
  return slow(h, base);
}

/**
 * `s` as an absolute http(s) URL (resolved against `base` when given), or null for anything
 * else (`javascript:`, `mailto:`, `data:`, unparseable).
 *
 * @example httpUrlOrNull('//example.com/x') // 'https://example.com/x'
 * @example httpUrlOrNull('javascript:alert(1)') // null
 */
export function httpUrlOrNull(s: string | null | undefined, base?: string | null): string | null {
  const url = resolveUrl(s, base);
  return url !== null && (url.startsWith('https://') || url.startsWith('http://')) ? url : null;
}
