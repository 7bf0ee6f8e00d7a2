import { FeedParseError } from '../../domain/errors.ts';
import { decodeWithCharset, detectCharset, utf8AsLatin1 } from '../../lib/charset.ts';
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
 * I/O. The charset of bytes is what `decodeBytes` would pick (the Content-Type charset wins);
 * items are mapped as the parser closes them, so the document's tree is never held whole.
 *
 * @throws FeedParseError for documents that are empty, not a feed, or unreadable JSON.
 * @example parseFeed(bytes, { contentType: 'application/rss+xml', url: 'https://example.com/feed' })
 */
export function parseFeed(body: Uint8Array | string, opts: ParseOptions = {}): ParsedFeed {
  const doc = documentText(body, opts.contentType);
  const start = firstSignificant(doc.text);
  if (start === -1) throw new FeedParseError('feed: empty document');
  const ctx = { docUrl: opts.url ?? null };
  const c = doc.text.charCodeAt(start);
  if (c === 123 /* { */ || c === 91 /* [ */) {
    // Only whitespace precedes `start`: it is the same index in bytes and in characters.
    const json = doc.binary ? Buffer.from(doc.text, 'latin1').toString('utf8') : doc.text;
    return readJsonFeed(json.slice(start), ctx);
  }
  const stream = new ItemStream(ctx);
  const { root } = parseXml(start === 0 ? doc.text : doc.text.slice(start), {
    onClose: stream.onClose,
    containers: CONTAINERS,
    utf8InLatin1: doc.binary,
  });
  if (root === null) throw new FeedParseError('feed: no root element (empty document)');
  const format = rootFormat(root);
  if (format === 'atom') return readAtom(root, ctx, stream.entries);
  if (format !== null) return readRss(root, format, ctx, stream.entries);
  throw new FeedParseError(`feed: not a feed (found <${root.name}>)`);
}

/**
 * The document as a string. Valid UTF-8 stays bytes (a one-byte "binary" string the XML
 * parser decodes piecewise, which is much cheaper than decoding it whole); anything else is
 * decoded in full.
 */
function documentText(body: Uint8Array | string, contentType: string | null | undefined) {
  if (typeof body === 'string') return { text: body, binary: false };
  const charset = detectCharset(body, contentType);
  const binary = charset === 'utf-8' ? utf8AsLatin1(body) : null;
  if (binary !== null) return { text: binary, binary: true };
  return { text: decodeWithCharset(body, charset).text, binary: false };
}
