import type { XmlElement } from '../../lib/xml/types.ts';
import { added, EMPTY, text } from './shared.ts';

/** One RSS/RDF `<item>` as the document carries it, before adaptation. */
export interface RawRssItem {
  el: XmlElement;
  title: XmlElement | null;
  link: XmlElement | null;
  atomLinks: XmlElement[];
  guid: XmlElement | null;
  pubDate: string | null;
  dcDate: string | null;
  issued: string | null;
  published: string | null;
  updated: string | null;
  description: XmlElement | null;
  encoded: XmlElement | null;
  /** Radio UserLand's `<fullitem>`, an early full-content element. */
  fullitem: XmlElement | null;
  body: XmlElement | null;
  atomContent: XmlElement | null;
  atomSummary: XmlElement | null;
  creators: string[];
  author: string | null;
  itunesAuthor: string | null;
  atomAuthors: XmlElement[];
  categories: string[];
  itunesSummary: XmlElement | null;
  itunesSubtitle: string | null;
  duration: string | null;
  origLink: string | null;
}

function emptyRaw(el: XmlElement): RawRssItem {
  return {
    el,
    title: null,
    link: null,
    atomLinks: EMPTY,
    guid: null,
    pubDate: null,
    dcDate: null,
    issued: null,
    published: null,
    updated: null,
    description: null,
    encoded: null,
    fullitem: null,
    body: null,
    atomContent: null,
    atomSummary: null,
    creators: EMPTY,
    author: null,
    itunesAuthor: null,
    atomAuthors: EMPTY,
    categories: EMPTY,
    itunesSummary: null,
    itunesSubtitle: null,
    duration: null,
    origLink: null,
  };
}

/** RSS core elements: no namespace (0.9x/2.0) or an RSS namespace (0.90, 1.0, namespaced 2.0). */
export function isCore(el: XmlElement): boolean {
  return el.ns === '' || el.ns === 'rss';
}

function core(raw: RawRssItem, c: XmlElement): void {
  switch (c.local) {
    case 'title':
      raw.title ??= c;
      break;
    case 'link':
      if (raw.link === null && text(c) !== null) raw.link = c;
      break;
    case 'guid':
      raw.guid ??= c;
      break;
    case 'pubdate':
      raw.pubDate ??= text(c);
      break;
    case 'description':
      raw.description ??= c;
      break;
    case 'author':
      raw.author ??= text(c);
      break;
    case 'category':
      textOfInto(raw, 'categories', c);
      break;
    case 'fullitem':
      raw.fullitem ??= c;
      break;
  }
}

function textOfInto(raw: RawRssItem, key: 'creators' | 'categories', el: XmlElement): void {
  const t = text(el);
  if (t !== null) raw[key] = added(raw[key], t);
}

function dublinCore(raw: RawRssItem, c: XmlElement): void {
  switch (c.local) {
    case 'creator':
    case 'author':
      textOfInto(raw, 'creators', c);
      break;
    case 'date':
      raw.dcDate ??= text(c);
      break;
    case 'subject':
      textOfInto(raw, 'categories', c);
      break;
    case 'title':
      raw.title ??= c;
      break;
  }
}

function atom(raw: RawRssItem, c: XmlElement): void {
  switch (c.local) {
    case 'link':
      raw.atomLinks = added(raw.atomLinks, c);
      break;
    case 'updated':
      raw.updated ??= text(c);
      break;
    case 'published':
      raw.published ??= text(c);
      break;
    case 'content':
      raw.atomContent ??= c;
      break;
    case 'summary':
      raw.atomSummary ??= c;
      break;
    case 'author':
      raw.atomAuthors = added(raw.atomAuthors, c);
      break;
  }
}

function itunes(raw: RawRssItem, c: XmlElement): void {
  switch (c.local) {
    case 'author':
      raw.itunesAuthor ??= text(c);
      break;
    case 'summary':
      raw.itunesSummary ??= c;
      break;
    case 'subtitle':
      raw.itunesSubtitle ??= text(c);
      break;
    case 'duration':
      raw.duration ??= text(c);
      break;
  }
}

/** Extension elements, by namespace (switching on the pair would build a string per element). */
function extension(raw: RawRssItem, c: XmlElement): void {
  switch (c.ns) {
    case 'content':
      if (c.local === 'encoded' && raw.encoded === null && text(c) !== null) raw.encoded = c;
      break;
    case 'dc':
      dublinCore(raw, c);
      break;
    case 'dcterms':
      if (c.local === 'issued' || c.local === 'created') raw.issued ??= text(c);
      else if (c.local === 'modified') raw.updated ??= text(c);
      break;
    case 'atom':
      atom(raw, c);
      break;
    case 'itunes':
      itunes(raw, c);
      break;
    case 'media':
      if (c.local === 'category') textOfInto(raw, 'categories', c);
      break;
    case 'xhtml':
      if (c.local === 'body') raw.body ??= c;
      break;
    case 'feedburner':
      if (c.local === 'origlink') raw.origLink ??= text(c);
      break;
  }
}

/**
 * Reads the elements of one `<item>` in a single pass; the first occurrence of each wins.
 *
 * @example readRssItem(item).title // the <title> element or null
 */
export function readRssItem(el: XmlElement): RawRssItem {
  const raw = emptyRaw(el);
  const { children } = el;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (typeof c === 'string') continue;
    if (isCore(c)) core(raw, c);
    else extension(raw, c);
  }
  return raw;
}
