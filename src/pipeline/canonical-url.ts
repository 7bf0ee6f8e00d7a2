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

/** Fragment parameters that only track the click (`#xtor=RSS-3208`, `#ftag=RSS…`, `#Echobox=…`). */
const FRAGMENT_TRACKING = new Set(['xtor', 'ftag', 'echobox', 'at_medium', 'at_campaign', 'ref']);

/**
 * Fragments that point into a page without telling one item from another: the top, the
 * comments, "read more" (`#more-123`), a comment's anchor, a text fragment (`#:~:text=`).
 */
const PAGE_ANCHOR =
  /^(?:top|main|content|main-?content|site-content|primary|page|article|start|skip(?:-to-content)?|comments?|respond|reply|disqus_thread|comment-form|more|read-?more|more-\d+|comment-\d+|:~:.*)$/i;

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
 * sources: http(s) only, lower-case host without `www.`, no default port, no tracking
 * parameters (utm_*, fbclid, gclid, mc_eid …), remaining parameters sorted, and no trailing
 * slash. A fragment is kept when it tells items apart (Scripting News links each post of a day
 * as `01.html#a120000`), dropped when it only points into the page (`#top`, `#comments`,
 * `#more-12`) or tracks (`#xtor=RSS-1`). Returns null for anything that is not an http(s) URL.
 *
 * @example canonicalUrl('https://WWW.Example.com/a/?utm_source=x&b=1#top') // 'https://example.com/a?b=1'
 * @example canonicalUrl('http://scripting.com/2024/05/01.html#a120000') // 'https://scripting.com/2024/05/01.html#a120000'
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
  // http and https of one page are one story; the port only when it is not a default one.
  let host = url.hostname.toLowerCase();
  if (host.startsWith('www.')) host = host.slice(4);
  if (host.endsWith('.')) host = host.slice(0, -1);
  const port = url.port === '' || url.port === '80' || url.port === '443' ? '' : `:${url.port}`;
  let path = url.pathname.includes('//') ? url.pathname.replace(/\/{2,}/g, '/') : url.pathname;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (/\/index\.(html?|php)$/i.test(path)) path = path.replace(/\/index\.(html?|php)$/i, '') || '/';
  // The raw query, parameter by parameter: tracking ones out, the rest sorted.
  let query = '';
  if (url.search.length > 1) {
    const kept = url.search
      .slice(1)
      .split('&')
      .filter((pair) => pair !== '' && !isTracking(decodeName(pair)));
    kept.sort((a, b) => {
      const x = decodeName(a);
      const y = decodeName(b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    if (kept.length) query = `?${kept.join('&')}`;
  }
  const fragment = keptFragment(url.hash);
  if (path === '/' && !query && !fragment) path = '';
  return `https://${host}${port}${path}${query}${fragment}`;
}

/** The part of a `#fragment` that tells items apart (with its `#`), or '' when none does. */
function keptFragment(hash: string): string {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw === '' || PAGE_ANCHOR.test(raw)) return '';
  if (!raw.includes('=')) return `#${raw}`;
  // `#a=1&utm_source=x`: parameters, of which the tracking ones go.
  const kept = raw.split('&').filter((pair) => {
    const name = decodeName(pair);
    return pair !== '' && !isTracking(name) && !FRAGMENT_TRACKING.has(name.toLowerCase());
  });
  return kept.length ? `#${kept.join('&')}` : '';
}

/** The (decoded) name of a `name=value` query pair. */
function decodeName(pair: string): string {
  const eq = pair.indexOf('=');
  const name = eq === -1 ? pair : pair.slice(0, eq);
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
