import { FeedParseError } from '../../domain/errors.ts';
import type { Attachment } from '../../domain/types.ts';
import { parseDate } from '../../lib/dates.ts';
import { httpUrlOrNull } from '../../lib/url.ts';
import { distinct, type FeedContext, first, joinNames, plainText } from './shared.ts';
import { textToHtml } from './text-construct.ts';
import type { ParsedEntry, ParsedFeed } from './types.ts';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/**
 * A truncated download of a JSON document, cut back to the last complete element of an array
 * in the top-level object (a whole item) and closed again; null when nothing sensible remains.
 */
export function recoverTruncatedJson(s: string): unknown {
  const stack: string[] = [];
  let cut = -1;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) stack.push(c === 123 ? '}' : ']');
    else if (c === 125 || c === 93) {
      stack.pop();
      if (stack.length === 2 && stack[0] === '}' && stack[1] === ']') cut = i + 1;
    }
  }
  if (cut < 0 || stack.length === 0) return null;
  try {
    return JSON.parse(`${s.slice(0, cut)}]}`);
  } catch {
    return null;
  }
}

/** JSON Feed 1.0/1.1 (any `jsonfeed.org/version/` URL), or an items list with a title. */
function isJsonFeed(doc: unknown): doc is Obj {
  if (!isObj(doc)) return false;
  if (typeof doc.version === 'string' && /jsonfeed\.org\/version\//i.test(doc.version)) return true;
  return doc.version === undefined && Array.isArray(doc.items) && typeof doc.title === 'string';
}

/** `authors` (1.1) or the legacy `author` object (1.0). */
function authors(o: Obj): string | null {
  const list = Array.isArray(o.authors) ? o.authors : isObj(o.author) ? [o.author] : [];
  return joinNames(list.map((a) => (isObj(a) ? plainText(str(a.name)) : null)));
}

function attachments(
  item: Obj,
  base: string | null,
): { list: Attachment[]; duration: number | null } {
  const list: Attachment[] = [];
  let duration: number | null = null;
  for (const a of Array.isArray(item.attachments) ? item.attachments : []) {
    if (!isObj(a)) continue;
    const url = httpUrlOrNull(str(a.url), base);
    if (url === null || list.some((x) => x.url === url)) continue;
    const size =
      typeof a.size_in_bytes === 'number' && a.size_in_bytes > 0 ? a.size_in_bytes : null;
    list.push({ url, type: str(a.mime_type), length: size, title: str(a.title) });
    if (typeof a.duration_in_seconds === 'number' && a.duration_in_seconds > 0) {
      duration ??= Math.floor(a.duration_in_seconds);
    }
  }
  return { list, duration };
}

function toEntry(item: Obj, feed: Obj, ctx: FeedContext, siteUrl: string | null): ParsedEntry {
  const base = ctx.docUrl;
  const url = first(
    httpUrlOrNull(str(item.url), base),
    httpUrlOrNull(str(item.external_url), base),
  );
  const text = str(item.content_text);
  const summary = str(item.summary);
  const contentHtml = first(str(item.content_html), text && textToHtml(text));
  const media = attachments(item, base);
  const tags = Array.isArray(item.tags) ? item.tags.filter((t) => typeof t === 'string') : [];
  return {
    guid: str(item.id),
    url,
    title: plainText(str(item.title)),
    author: authors(item) ?? authors(feed),
    publishedAt: parseDate(str(item.date_published) ?? str(item.date_modified)),
    updatedAt: parseDate(str(item.date_modified)),
    contentHtml: contentHtml ?? (summary && textToHtml(summary)),
    summaryHtml: contentHtml !== null && summary !== null ? textToHtml(summary) : null,
    baseUrl: base ?? url ?? siteUrl,
    attachments: media.list,
    imageUrl: first(
      httpUrlOrNull(str(item.image), base),
      httpUrlOrNull(str(item.banner_image), base),
    ),
    categories: distinct(tags),
    durationSeconds: media.duration,
  };
}

/**
 * Adapts a JSON Feed (1.0 or 1.1) to a ParsedFeed; `_extension` objects are ignored. Valid
 * JSON that is no JSON Feed throws; a truncated JSON Feed yields its complete items.
 *
 * @example readJsonFeed('{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[]}', { docUrl: null })
 */
export function readJsonFeed(json: string, ctx: FeedContext): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (error) {
    doc = recoverTruncatedJson(json);
    if (doc === null) throw new FeedParseError('feed: invalid JSON', { cause: error });
  }
  if (!isJsonFeed(doc)) throw new FeedParseError('feed: JSON document is not a JSON Feed');
  const siteUrl = httpUrlOrNull(str(doc.home_page_url), ctx.docUrl);
  const items = Array.isArray(doc.items) ? doc.items.filter(isObj) : [];
  return {
    format: 'json',
    title: plainText(str(doc.title)),
    siteUrl,
    feedUrl: httpUrlOrNull(str(doc.feed_url), ctx.docUrl),
    items: items.map((item) => toEntry(item, doc as Obj, ctx, siteUrl)),
  };
}
