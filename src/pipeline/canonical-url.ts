/** Query parameters that only track the click, never select the content. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'mc_eid',
  'mc_cid',
  'igshid',
  'yclid',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'rb_clickid',
  's_cid',
  'ref_src',
  'ref_url',
  'spm',
  'cmpid',
  'ncid',
  'sr_share',
  'share',
]);

function isTracking(name: string): boolean {
  const key = name.toLowerCase();
  return (
    key.startsWith('utm_') ||
    key.startsWith('pk_') ||
    key.startsWith('mtm_') ||
    TRACKING_PARAMS.has(key)
  );
}

/**
 * The URL that identifies the content behind a link, for clustering the same story across
 * sources: http(s) only, lower-case host without `www.`, no default port, no fragment, no
 * tracking parameters (utm_*, fbclid, gclid, mc_eid …), remaining parameters sorted, and no
 * trailing slash. Returns null for anything that is not an http(s) URL.
 *
 * @example canonicalUrl('https://WWW.Example.com/a/?utm_source=x&b=1#top') // 'https://example.com/a?b=1'
 */
export function canonicalUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // http and https of one page are one story.
  url.protocol = 'https:';
  url.hostname = url.hostname
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  url.port = url.port === '80' || url.port === '443' ? '' : url.port;
  url.hash = '';
  url.username = '';
  url.password = '';
  const kept = [...url.searchParams.entries()].filter(([name]) => !isTracking(name));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = new URLSearchParams(kept).toString();
  let path = url.pathname.replace(/\/{2,}/g, '/');
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  path = path.replace(/\/index\.(html?|php)$/i, '') || '/';
  url.pathname = path;
  const text = url.toString();
  return url.pathname === '/' && !url.search ? text.replace(/\/$/, '') : text;
}
