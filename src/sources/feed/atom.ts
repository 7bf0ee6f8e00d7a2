import type { Attachment } from '../../domain/types.ts';
import { parseDate } from '../../lib/dates.ts';
import { httpUrlOrNull } from '../../lib/url.ts';
import { attr, child } from '../../lib/xml/tree.ts';
import type { XmlElement } from '../../lib/xml/types.ts';
import { collectMedia, emptyMedia } from './media.ts';
import {
  baseOf,
  declaredBase,
  distinct,
  type FeedContext,
  joinNames,
  plainText,
  positiveInt,
  text,
  urlIn,
} from './shared.ts';
import { constructHtml, constructText, readConstruct, textToHtml } from './text-construct.ts';
import type { ParsedEntry, ParsedFeed } from './types.ts';

/** The elements of one entry (or of the feed), grouped by name; Atom 0.3 names included. */
interface RawAtom {
  el: XmlElement;
  base: string | null;
  byName: Map<string, XmlElement[]>;
}

function readRaw(el: XmlElement, ns: readonly string[], base: string | null): RawAtom {
  const byName = new Map<string, XmlElement[]>();
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    const key = ns.includes(c.ns) ? c.local : `${c.ns}:${c.local}`;
    const list = byName.get(key);
    if (list) list.push(c);
    else byName.set(key, [c]);
  }
  return { el, base: baseOf(el, base), byName };
}

function one(raw: RawAtom, ...names: string[]): XmlElement | null {
  for (const n of names) {
    const hit = raw.byName.get(n)?.[0];
    if (hit) return hit;
  }
  return null;
}

function persons(raw: RawAtom, ns: readonly string[]): string | null {
  const names = (raw.byName.get('author') ?? []).map((a) =>
    plainText(text(child(a, 'name', ns)) ?? text(child(a, 'email', ns)) ?? text(a)),
  );
  const creators = (raw.byName.get('dc:creator') ?? []).map((c) => plainText(text(c)));
  return joinNames([...names, ...creators]);
}

interface Links {
  alternate: string | null;
  self: string | null;
  enclosures: Attachment[];
}

function links(raw: RawAtom): Links {
  const out: Links = { alternate: null, self: null, enclosures: [] };
  let typedAlternate: string | null = null;
  for (const l of raw.byName.get('link') ?? []) {
    const rel = (attr(l, 'rel') ?? 'alternate').trim().toLowerCase();
    const href = urlIn(attr(l, 'href') ?? text(l), l, raw.base);
    if (href === null) continue;
    const type = attr(l, 'type')?.trim().toLowerCase() || null;
    if (rel === 'alternate' || rel === 'http://www.iana.org/assignments/relation/alternate') {
      out.alternate ??= href;
      if (type === null || type.includes('html')) typedAlternate ??= href;
    } else if (rel === 'self') out.self ??= href;
    else if (rel === 'enclosure') {
      if (!out.enclosures.some((e) => e.url === href)) {
        out.enclosures.push({
          url: href,
          type,
          length: positiveInt(attr(l, 'length')),
          title: attr(l, 'title'),
        });
      }
    }
  }
  out.alternate = typedAlternate ?? out.alternate;
  return out;
}

function categories(raw: RawAtom): string[] {
  const terms = (raw.byName.get('category') ?? []).map(
    (c) => attr(c, 'term') ?? attr(c, 'label') ?? text(c) ?? '',
  );
  const subjects = (raw.byName.get('dc:subject') ?? []).map((c) => text(c) ?? '');
  return distinct([...terms, ...subjects]);
}

/** Content and summary of an entry; an out-of-line `content src` becomes an attachment. */
function body(raw: RawAtom, enclosures: Attachment[]) {
  const contentEl = one(raw, 'content');
  const summaryEl = one(raw, 'summary');
  const src = contentEl ? urlIn(attr(contentEl, 'src'), contentEl, raw.base) : null;
  if (src && contentEl && !enclosures.some((e) => e.url === src)) {
    enclosures.push({ url: src, type: attr(contentEl, 'type'), length: null });
  }
  const content = contentEl && !src ? constructHtml(readConstruct(contentEl)) : null;
  const summary = summaryEl ? constructHtml(readConstruct(summaryEl)) : null;
  const from = content !== null ? contentEl : summary !== null ? summaryEl : null;
  return {
    contentHtml: content ?? summary,
    summaryHtml: content !== null ? summary : null,
    base: from ? baseOf(from, raw.base) : raw.base,
  };
}

/** The namespaces Atom elements may come in: Atom, the root's own, or none (feeds without xmlns). */
export function atomNamespaces(root: XmlElement): readonly string[] {
  return [...new Set(['atom', root.ns, ''])];
}

/**
 * Maps one closed `<entry>`; `parentBase` is the base URL in effect around it. Feed-level
 * fallbacks (author, site URL as content base) are applied by `readAtom`.
 */
export function atomEntry(
  el: XmlElement,
  ns: readonly string[],
  parentBase: string | null,
): ParsedEntry {
  const raw = readRaw(el, ns, parentBase);
  const l = links(raw);
  const id = text(one(raw, 'id'));
  const url = urlIn(text(one(raw, 'feedburner:origlink')), raw.el, raw.base) ?? l.alternate;
  const media = collectMedia(raw.el, raw.base, emptyMedia());
  const b = body(raw, l.enclosures);
  const source = one(raw, 'source');
  const published = text(one(raw, 'published', 'issued', 'created', 'dcterms:issued', 'dc:date'));
  const updated = text(one(raw, 'updated', 'modified', 'dcterms:modified'));
  const entryUrl = url ?? (id !== null ? httpUrlOrNull(id) : null);
  const extra = media.attachments.filter((a) => !l.enclosures.some((e) => e.url === a.url));
  return {
    guid: id,
    url: entryUrl,
    title: titleOf(raw),
    author: persons(raw, ns) ?? (source ? persons(readRaw(source, ns, raw.base), ns) : null),
    publishedAt: parseDate(published ?? updated),
    updatedAt: parseDate(updated),
    contentHtml:
      b.contentHtml ?? (media.description !== null ? textToHtml(media.description) : null),
    summaryHtml: b.summaryHtml,
    baseUrl: b.base ?? entryUrl,
    attachments: [...l.enclosures, ...extra],
    imageUrl: media.thumbnail ?? media.imageUrl,
    categories: categories(raw),
    ...(media.durationSeconds !== null ? { durationSeconds: media.durationSeconds } : {}),
  };
}

function titleOf(raw: RawAtom): string | null {
  const el = one(raw, 'title');
  return el ? constructText(readConstruct(el)) : null;
}

/**
 * Adapts an Atom 1.0 / 0.3 tree — a `<feed>` or a standalone `<entry>` document — to a
 * ParsedFeed; xml:base is honoured on every element. `streamed` holds entries already mapped
 * while parsing (see `item-stream.ts`); entries still in the tree are mapped here.
 */
export function readAtom(
  root: XmlElement,
  ctx: FeedContext,
  streamed: ParsedEntry[] = [],
): ParsedFeed {
  const ns = atomNamespaces(root);
  if (root.local === 'entry') {
    const entry = atomEntry(root, ns, ctx.docUrl ?? declaredBase(root));
    return { format: 'atom', title: null, siteUrl: null, feedUrl: null, items: [entry] };
  }
  const feed = readRaw(root, ns, ctx.docUrl);
  feed.base ??= declaredBase(root);
  const l = links(feed);
  const items = [...streamed];
  for (const el of feed.byName.get('entry') ?? []) {
    if (el.closed) items.push(atomEntry(el, ns, feed.base));
  }
  const author = persons(feed, ns);
  for (const e of items) {
    e.author ??= author;
    e.baseUrl ??= l.alternate;
  }
  return { format: 'atom', title: titleOf(feed), siteUrl: l.alternate, feedUrl: l.self, items };
}
