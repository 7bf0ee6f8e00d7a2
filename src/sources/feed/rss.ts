import { parseDate } from '../../lib/dates.ts';
import { attr, child } from '../../lib/xml/tree.ts';
import type { XmlElement } from '../../lib/xml/types.ts';
import { collectMedia, emptyMedia } from './media.ts';
import { isCore, type RawRssItem, readRssItem } from './rss-item.ts';
import {
  baseOf,
  distinct,
  EMPTY,
  type FeedContext,
  fallbackBase,
  inheritedBase,
  joinNames,
  parseDuration,
  personName,
  plainText,
  text,
  urlIn,
} from './shared.ts';
import { constructHtml, markupOf, readConstruct, textToHtml } from './text-construct.ts';
import type { ParsedEntry, ParsedFeed } from './types.ts';

const CORE = ['', 'rss'];
const ATOM = ['atom', ''];

/** The `href` of the first `atom:link` with one of `rels` (no rel means alternate). */
function atomLink(links: XmlElement[], rels: string[], base: string | null): string | null {
  for (const l of links) {
    const rel = (attr(l, 'rel') ?? 'alternate').trim().toLowerCase();
    if (rels.includes(rel)) {
      const url = urlIn(attr(l, 'href'), l, base);
      if (url) return url;
    }
  }
  return null;
}

/**
 * Items of the channel, and of the root (RSS 1.0 puts them there). Items are looked for at any
 * depth, so that an element left open (`<itunes:category>` without its `</…>`, a missing
 * `</item>`) does not hide the items that follow it.
 */
function collectItems(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (parent: XmlElement, depth: number) => {
    for (const c of parent.children) {
      if (typeof c === 'string') continue;
      if (c.local === 'item' && isCore(c)) out.push(c);
      if (depth < 32 && c.children.length > 0) visit(c, depth + 1);
    }
  };
  visit(root, 0);
  return out;
}

/** feedburner:origLink, link, atom:link, or a guid that is a permalink (the default). */
function itemUrl(raw: RawRssItem, base: string | null): string | null {
  const { guid } = raw;
  const permalink =
    guid !== null && (attr(guid, 'ispermalink') ?? '').trim().toLowerCase() !== 'false';
  return (
    urlIn(raw.origLink, raw.el, base) ??
    (raw.link ? urlIn(text(raw.link), raw.link, base) : null) ??
    atomLink(raw.atomLinks, ['alternate'], base) ??
    (permalink ? urlIn(text(guid), guid, base) : null)
  );
}

function content(raw: RawRssItem): { html: string | null; from: XmlElement | null } {
  const candidates = [raw.encoded, raw.body, raw.atomContent, raw.fullitem];
  for (const el of candidates) {
    if (el === null) continue;
    const html = el === raw.atomContent ? constructHtml(readConstruct(el)) : markupOf(el);
    if (html) return { html, from: el };
  }
  for (const el of [raw.description, raw.atomSummary, raw.itunesSummary]) {
    if (el === null) continue;
    const html = el === raw.atomSummary ? constructHtml(readConstruct(el)) : markupOf(el);
    if (html) return { html, from: el };
  }
  return { html: null, from: null };
}

/**
 * Maps one closed `<item>`; `parentBase` is the base URL in effect around it. Channel-level
 * fallbacks (author, site URL as content base) are applied by `readRss` once the channel is read.
 */
export function rssEntry(el: XmlElement, parentBase: string | null): ParsedEntry {
  const raw = readRssItem(el);
  const base = baseOf(el, parentBase);
  const url = itemUrl(raw, base);
  const media = collectMedia(el, base, emptyMedia());
  const body = content(raw);
  let contentHtml = body.html;
  if (contentHtml === null && media.description !== null)
    contentHtml = textToHtml(media.description);
  const description = raw.description ? markupOf(raw.description) || null : null;
  const summaryHtml =
    body.from !== null && body.from !== raw.description
      ? (description ?? raw.itunesSubtitle)
      : null;
  const guid = text(raw.guid) ?? attr(el, 'rdf:about')?.trim() ?? null;
  return {
    guid: guid || null,
    url,
    title: plainText(text(raw.title)),
    author:
      joinNames(raw.creators.map(personName)) ??
      personName(raw.author) ??
      personName(raw.itunesAuthor) ??
      joinNames(raw.atomAuthors.map((a) => personName(text(child(a, 'name', ATOM)) ?? text(a)))),
    publishedAt: parseDate(raw.pubDate ?? raw.dcDate ?? raw.issued ?? raw.published ?? raw.updated),
    updatedAt: parseDate(raw.updated),
    contentHtml,
    summaryHtml,
    baseUrl: (body.from ? baseOf(body.from, base) : base) ?? url,
    attachments: media.attachments === EMPTY ? [] : media.attachments,
    imageUrl: media.thumbnail ?? media.imageUrl,
    categories: distinct(raw.categories),
    durationSeconds: parseDuration(raw.duration) ?? media.durationSeconds,
  };
}

function channelAuthor(channel: XmlElement): string | null {
  for (const c of channel.children) {
    if (typeof c === 'string') continue;
    if ((c.ns === 'itunes' && c.local === 'author') || (c.ns === 'dc' && c.local === 'creator')) {
      return personName(text(c));
    }
  }
  return null;
}

/**
 * Adapts an RSS 0.9x/2.0 (`<rss>`) or RSS 0.90/1.0 (`<rdf:RDF>`) tree to a ParsedFeed.
 * `streamed` holds the entries already mapped while parsing (see `item-stream.ts`); items
 * still in the tree are mapped here. Items a truncated document left open are left out.
 */
export function readRss(
  root: XmlElement,
  format: 'rss' | 'rdf',
  ctx: FeedContext,
  streamed: ParsedEntry[] = [],
): ParsedFeed {
  const channel = child(root, 'channel', CORE);
  const chEl = channel ?? root;
  const base = baseOf(chEl, baseOf(root, ctx.docUrl));
  const links = chEl.children.filter(
    (c): c is XmlElement => typeof c !== 'string' && c.ns === 'atom' && c.local === 'link',
  );
  const linkEl = child(chEl, 'link', CORE);
  const siteUrl =
    (linkEl ? urlIn(text(linkEl), linkEl, base) : null) ?? atomLink(links, ['alternate'], base);
  const items = [...streamed];
  for (const el of collectItems(root)) {
    if (el.closed) {
      items.push(rssEntry(el, inheritedBase(el.parent, ctx.docUrl) ?? fallbackBase(el.parent)));
    }
  }
  const author = channelAuthor(chEl);
  for (const e of items) {
    e.author ??= author;
    e.baseUrl ??= siteUrl;
  }
  return {
    format,
    title: plainText(text(child(chEl, 'title', CORE) ?? child(chEl, 'title', ['dc']))),
    siteUrl,
    feedUrl: atomLink(links, ['self'], base),
    items,
  };
}
