import { Parser } from 'htmlparser2';
import { resolveUrl } from '../../lib/url.ts';

/** A feed a web page offers. */
export interface FeedCandidate {
  url: string;
  title: string | null;
  type: string | null;
}

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
  'application/json',
  'application/x.atom+xml',
  'application/x-atom+xml',
  'application/x-rss+xml',
  'text/xml',
  'application/xml',
]);

/** Paths many sites serve their feed on, probed when a page declares none. */
export const COMMON_FEED_PATHS = [
  '/feed',
  '/rss',
  '/feed.xml',
  '/atom.xml',
  '/rss.xml',
  '/index.xml',
  '/feed.json',
  '/feed/atom',
  '/?feed=rss2',
];

/**
 * The feeds an HTML page declares with `<link rel="alternate" type="…">` (and `rel="feed"`),
 * absolute, in page order, without duplicates. Pure: no I/O.
 *
 * @example discoverFeedLinks('<link rel=alternate type=application/rss+xml href=/rss>', 'https://x.org/') // [{ url: 'https://x.org/rss', … }]
 */
export function discoverFeedLinks(html: string, pageUrl: string): FeedCandidate[] {
  const found: FeedCandidate[] = [];
  const seen = new Set<string>();
  let base = pageUrl;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'base' && attrs.href) {
          base = resolveUrl(attrs.href, pageUrl) ?? base;
          return;
        }
        if (name !== 'link' || !attrs.href) return;
        const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
        const type = attrs.type?.toLowerCase().split(';')[0]?.trim() ?? null;
        const isFeed =
          (rel.includes('alternate') && type !== null && FEED_TYPES.has(type)) ||
          rel.includes('feed');
        if (!isFeed) return;
        const url = resolveUrl(attrs.href, base);
        if (!url || seen.has(url) || !/^https?:/i.test(url)) return;
        seen.add(url);
        found.push({ url, title: attrs.title?.trim() || null, type });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

/** True when a body looks like an HTML page rather than a feed. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || /<head[\s>]/.test(head);
}
