import type { XmlElement } from '../../lib/xml/types.ts';
import { atomEntry, atomNamespaces } from './atom.ts';
import { rssEntry } from './rss.ts';
import { isCore } from './rss-item.ts';
import { type FeedContext, fallbackBase, inheritedBase } from './shared.ts';
import type { ParsedEntry } from './types.ts';

/** The syndication format a root element starts, or null for anything else. */
export function rootFormat(root: XmlElement): 'rss' | 'rdf' | 'atom' | null {
  if (root.local === 'rss') return 'rss';
  if (root.local === 'rdf' && (root.ns === 'rdf' || root.ns === '')) return 'rdf';
  if (root.local === 'feed' || root.local === 'entry') return 'atom';
  return null;
}

function rootOf(el: XmlElement): XmlElement {
  let p = el;
  while (p.parent !== null && p.parent.parent !== null) p = p.parent;
  return p;
}

/**
 * Maps items and entries as the parser closes them (the `onClose` hook of `parseXml`), so
 * each item's subtree is garbage as soon as it is read: memory stays flat for big feeds.
 */
export class ItemStream {
  readonly entries: ParsedEntry[] = [];
  private lastParent: XmlElement | null = null;
  private lastBase: string | null = null;
  private atomNs: readonly string[] | null = null;

  constructor(private readonly ctx: FeedContext) {}

  /** Takes a closed element when it is a feed item; returns true when it was taken. */
  readonly onClose = (el: XmlElement): boolean => {
    if (el.local === 'item') {
      if (!isCore(el) || el.parent === null) return false;
      const format = rootFormat(rootOf(el));
      if (format !== 'rss' && format !== 'rdf') return false;
      this.entries.push(rssEntry(el, this.baseAround(el)));
      return true;
    }
    if (el.local === 'entry') {
      const feed = el.parent;
      if (feed === null || feed.local !== 'feed' || feed.parent?.parent !== null) return false;
      this.atomNs ??= atomNamespaces(feed);
      if (!this.atomNs.includes(el.ns)) return false;
      this.entries.push(atomEntry(el, this.atomNs, this.baseAround(el)));
      return true;
    }
    return false;
  };

  /** The base in effect around `el`, computed once per parent (all items share a channel). */
  private baseAround(el: XmlElement): string | null {
    if (el.parent !== this.lastParent) {
      this.lastParent = el.parent;
      this.lastBase = inheritedBase(el.parent, this.ctx.docUrl) ?? fallbackBase(el.parent);
    }
    return this.lastBase;
  }
}
