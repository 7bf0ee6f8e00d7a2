import { FeedParseError } from '../../domain/errors.ts';
import { decodeBytes } from '../../lib/charset.ts';
import { parseXml } from '../../lib/xml/parse-xml.ts';
import { readAtom } from './atom.ts';
import { ItemStream, rootFormat } from './item-stream.ts';
import { readJsonFeed } from './json-feed.ts';
import { readRss } from './rss.ts';
import type { ParsedFeed, ParseOptions } from './types.ts';

/** Elements of the feed formats that hold only elements: whitespace in them is formatting. */
const CONTAINERS: ReadonlySet<string> = new Set([
  ...['rss', 'rdf', 'channel', 'item', 'items', 'seq', 'image', 'textinput', 'feed', 'entry'],
  ...['author', 'contributor', 'source', 'group', 'owner', 'category'],
]);

/** The first character that is not whitespace, a BOM or NUL, or -1. */
function firstSignificant(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9 && c !== 0xfeff && c !== 0) return i;
  }
  return -1;
}

/**
 * Parses a feed document — RSS 0.9x/2.0, RSS 0.90/1.0 (RDF), Atom 0.3/1.0 (or a standalone
 * Atom entry), JSON Feed 1.0/1.1 — sniffed from its content, never from a file name. Pure: no
 * I/O. Bytes are decoded with `decodeBytes` (the Content-Type charset wins).
 *
 * @throws FeedParseError for documents that are empty, not a feed, or unreadable JSON.
 * @example parseFeed(bytes, { contentType: 'application/rss+xml', url: 'https://example.com/feed' })
 */
export function parseFeed(body: Uint8Array | string, opts: ParseOptions = {}): ParsedFeed {
  const text = typeof body === 'string' ? body : decodeBytes(body, opts.contentType).text;
  const start = firstSignificant(text);
  if (start === -1) throw new FeedParseError('feed: empty document');
  const ctx = { docUrl: opts.url ?? null };
  const c = text.charCodeAt(start);
  if (c === 123 /* { */ || c === 91 /* [ */) return readJsonFeed(text.slice(start), ctx);
  const stream = new ItemStream(ctx);
  const { root } = parseXml(start === 0 ? text : text.slice(start), {
    onClose: stream.onClose,
    containers: CONTAINERS,
  });
  if (root === null) throw new FeedParseError('feed: no root element (empty document)');
  const format = rootFormat(root);
  if (format === 'atom') return readAtom(root, ctx, stream.entries);
  if (format !== null) return readRss(root, format, ctx, stream.entries);
  throw new FeedParseError(`feed: not a feed (found <${root.name}>)`);
}
