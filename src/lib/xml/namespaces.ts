/**
 * Namespace URIs we recognise, keyed by their conventional prefix. The parser reports an
 * element's namespace as this key, so `<content:encoded>`, `<c:encoded>` (bound to the same
 * URI) and an undeclared `<content:encoded>` all match `ns === 'content'`.
 */
const KNOWN: Record<string, readonly string[]> = {
  atom: ['www.w3.org/2005/atom', 'purl.org/atom/ns'],
  content: ['purl.org/rss/1.0/modules/content'],
  dc: ['purl.org/dc/elements/1.1', 'purl.org/dc/elements/1.0'],
  dcterms: ['purl.org/dc/terms'],
  media: ['search.yahoo.com/mrss', 'search.yahoo.com/rss', 'video.search.yahoo.com/mrss'],
  itunes: ['www.itunes.com/dtds/podcast-1.0.dtd'],
  rdf: ['www.w3.org/1999/02/22-rdf-syntax-ns'],
  // RSS 1.0, RSS 0.90 and the namespaced RSS 2.0 variants are all "rss" to the mapper.
  rss: [
    'purl.org/rss/1.0',
    'my.netscape.com/rdf/simple/0.9',
    'backend.userland.com/rss2',
    'backend.userland.com/rss',
    'blogs.law.harvard.edu/tech/rss',
  ],
  xhtml: ['www.w3.org/1999/xhtml'],
  xml: ['www.w3.org/xml/1998/namespace'],
  xlink: ['www.w3.org/1999/xlink'],
  feedburner: ['rssnamespace.org/feedburner/ext/1.0'],
  georss: ['www.georss.org/georss'],
  thr: ['purl.org/syndication/thread/1.0'],
  slash: ['purl.org/rss/1.0/modules/slash'],
  wfw: ['wellformedweb.org/commentapi'],
  yt: ['www.youtube.com/xml/schemas/2015'],
  podcast: ['podcastindex.org/namespace/1.0'],
  googleplay: ['www.google.com/schemas/play-podcasts/1.0'],
};

const byUri = new Map<string, string>();
for (const [key, uris] of Object.entries(KNOWN)) {
  for (const uri of uris) byUri.set(uri, key);
}

/** Conventional prefixes: an undeclared `itunes:` prefix is taken to mean the iTunes namespace. */
export const KNOWN_PREFIXES: ReadonlySet<string> = new Set(Object.keys(KNOWN));

const cache = new Map<string, string>();

/** A copy of `s` that shares no memory with the (possibly huge) string it was sliced from. */
export function detach(s: string): string {
  return ` ${s}`.slice(1);
}

/**
 * The namespace key for a namespace URI: the conventional prefix of a known namespace
 * (tolerating http/https, case, surrounding whitespace and a trailing `/` or `#`), else the
 * URI itself. The empty URI (`xmlns=""`) is the empty key.
 *
 * @example nsKey('http://purl.org/rss/1.0/modules/content/') // 'content'
 */
export function nsKey(uri: string): string {
  const hit = cache.get(uri);
  if (hit !== undefined) return hit;
  let norm = uri.trim().toLowerCase();
  if (norm.startsWith('https://')) norm = norm.slice(8);
  else if (norm.startsWith('http://')) norm = norm.slice(7);
  while (norm.endsWith('/') || norm.endsWith('#')) norm = norm.slice(0, -1);
  // Copies, not slices: a cached slice would keep the whole document it came from alive.
  const key = norm === '' ? '' : (byUri.get(norm) ?? detach(uri.trim()));
  if (cache.size < 1000) cache.set(detach(uri), key);
  return key;
}
