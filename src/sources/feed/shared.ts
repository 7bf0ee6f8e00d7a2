/** Helpers shared by the RSS and Atom adapters. */
import { stripTags } from '../../lib/html/text.ts';
import { httpUrlOrNull } from '../../lib/url.ts';
import { attr, textOf } from '../../lib/xml/tree.ts';
import type { XmlElement } from '../../lib/xml/types.ts';

/** Where the document came from; the base of last resort for relative URLs. */
export interface FeedContext {
  docUrl: string | null;
}

/**
 * The base URL in effect inside `el`: its `xml:base` resolved against the parent's base.
 * A base that is not http(s) (`javascript:`, unparseable) is ignored, as feedparser does.
 */
export function baseOf(el: XmlElement, parentBase: string | null): string | null {
  const own = attr(el, 'xml:base');
  if (own === null) return parentBase;
  return httpUrlOrNull(own, parentBase) ?? parentBase;
}

/** The base URL in effect inside `el` (its xml:base and every ancestor's), over the document URL. */
export function inheritedBase(el: XmlElement | null, docUrl: string | null): string | null {
  const chain: XmlElement[] = [];
  for (let p = el; p !== null && p.parent !== null; p = p.parent) chain.push(p);
  let base = docUrl;
  for (let i = chain.length - 1; i >= 0; i--) base = baseOf(chain[i]!, base);
  return base;
}

/**
 * The feed's own absolute URL as the document declares it (Atom `link rel="self"`, else the
 * site link): the base of last resort when neither xml:base nor the fetch URL gives one, so
 * a file parsed without its URL still yields absolute item links.
 */
export function declaredBase(container: XmlElement): string | null {
  let site: string | null = null;
  for (const c of container.children) {
    if (typeof c === 'string' || c.local !== 'link') continue;
    const rel = (attr(c, 'rel') ?? 'alternate').trim().toLowerCase();
    const url = httpUrlOrNull(attr(c, 'href') ?? textOf(c));
    if (url !== null && rel === 'self') return url;
    if (url !== null && rel === 'alternate') site ??= url;
  }
  return site;
}

/** The feed's declared URL, from the item's container or (RSS 1.0) its sibling channel. */
export function fallbackBase(container: XmlElement | null): string | null {
  if (container === null) return null;
  const channel = container.children.find(
    (c): c is XmlElement => typeof c !== 'string' && c.local === 'channel',
  );
  return declaredBase(container) ?? (channel ? declaredBase(channel) : null);
}

/** Trimmed text content, or null when empty. */
export function text(el: XmlElement | null | undefined): string | null {
  if (!el) return null;
  const t = textOf(el).trim();
  return t === '' ? null : t;
}

/** A title as plain text (HTML stripped, entities decoded, whitespace collapsed), or null. */
export function plainText(s: string | null): string | null {
  if (s === null) return null;
  const t = stripTags(s);
  return t === '' ? null : t;
}

/** The first non-null of `values`, else null. */
export function first<T>(...values: (T | null | undefined)[]): T | null {
  for (const v of values) if (v !== null && v !== undefined) return v;
  return null;
}

/** An absolute http(s) URL for `href` in the context of `el` (its xml:base chain). */
export function urlIn(href: string | null, el: XmlElement, base: string | null): string | null {
  return href === null ? null : httpUrlOrNull(href, baseOf(el, base));
}

/** A positive integer, or null (`length="0"`, `length="unknown"`). */
export function positiveInt(s: string | null | undefined): number | null {
  if (!s) return null;
  const n = Number.parseInt(s.trim(), 10);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * An iTunes/JSON duration in seconds: `3723`, `62:03`, `1:02:03` (fractions dropped).
 *
 * @example parseDuration('1:02:03') // 3723
 */
export function parseDuration(s: string | null): number | null {
  if (!s) return null;
  const parts = s.trim().split(':');
  if (parts.length > 3 || parts.some((p) => !/^\d+(?:\.\d+)?$/.test(p))) return null;
  const seconds = parts.reduce((acc, p) => acc * 60 + Number.parseFloat(p), 0);
  return seconds > 0 ? Math.floor(seconds) : null;
}

/** RSS `author`/`managingEditor` is `email (Name)`: the name when there is one. */
export function personName(s: string | null): string | null {
  if (s === null) return null;
  const m = s.includes('@') ? /^\s*[^\s@()]+@[^\s@()]+\s*\(([^)]+)\)\s*$/.exec(s) : null;
  return plainText(m ? m[1]! : s);
}

/** Joins distinct non-empty names (`First Author, Second Author`). */
export function joinNames(names: (string | null)[]): string | null {
  if (names.length === 1) return names[0] || null;
  const seen: string[] = [];
  for (const n of names) if (n && !seen.includes(n)) seen.push(n);
  return seen.length > 0 ? seen.join(', ') : null;
}

/** Distinct trimmed categories. */
export function distinct(values: string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const t = v.trim();
    if (t !== '' && !out.includes(t)) out.push(t);
  }
  return out;
}

/** The empty list every list starts as: frozen, so it must be replaced, never pushed to. */
export const EMPTY = Object.freeze([]) as unknown as never[];

/**
 * `list` with `item` appended: a one-element array replaces `EMPTY` (an array grown by `push`
 * from empty reserves 17 slots — most of these lists hold one or two).
 */
export function added<T>(list: T[], item: T): T[] {
  if (list === EMPTY) return [item];
  list.push(item);
  return list;
}
