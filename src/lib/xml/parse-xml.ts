import {
  append,
  clean,
  doctypeEnd,
  fromUtf8Bytes,
  isBlank,
  isNameEnd,
  isNameStart,
  isSpace,
  type Name,
  NameTable,
  NONE,
} from './chars.ts';
import { decodeEntities } from './entities.ts';
import { NamespaceScope, type Shadowed } from './namespace-scope.ts';
import type { ParseXmlOptions, XmlDocument, XmlElement, XmlNode } from './types.ts';

export type { ParseXmlOptions } from './types.ts';

/**
 * Tags deeper than this are dropped (their text stays in their ancestor): bounds recursion in
 * tree walkers, and the memory of a document of 10^6 nested elements (bench/nesting.ts).
 */
export const MAX_DEPTH = 256;

/**
 * Elements held at once; past it, tags are dropped like too deep ones. A feed's items leave
 * the tree as they close (`onClose`), so this is the channel plus one item: 4 MB of `<a/>` in
 * one description made 10^6 elements and 250 MB before.
 */
export const MAX_ELEMENTS = 250_000;

/** The node above the root element: holds the root (and anything else at top level). */
function documentNode(): XmlElement {
  const doc = { name: '#document', local: '#document', ns: '', attrs: [], parent: null };
  return { ...doc, children: [], closed: true };
}

/**
 * A forgiving XML tree builder in the spirit of a browser, not a validator: it never throws.
 * Bare `&`, HTML entities without a DTD, undeclared prefixes, mismatched and unclosed tags and
 * truncated input are all recovered; DOCTYPE entity declarations are skipped and never
 * expanded (no billion laughs, no XXE). Comments and processing instructions are dropped.
 */
class TreeBuilder {
  private readonly text: string;
  private readonly len: number;
  private readonly doc: XmlElement;
  private cur: XmlElement;
  private readonly stack: XmlElement[] = [];
  /** Per open element: the namespace bindings it shadowed, to restore when it closes. */
  private readonly undo: (Shadowed | null)[] = [];
  private readonly scope = new NamespaceScope();
  private readonly names: NameTable;
  private readonly attrNames: NameTable;
  /** The text holds UTF-8 bytes one per character (`utf8InLatin1`). */
  private readonly binary: boolean;
  /** Position of the next `<` at or after the current tag start, cached between tags. */
  private nextLt = -1;
  /** Attribute names and values of the tag being read, reused from tag to tag. */
  private readonly attrKeys: Name[] = [];
  private readonly attrValues: string[] = [];
  /** How many of `attrKeys`/`attrValues` belong to the current tag. */
  private attrCount = 0;
  /** Start tags dropped for being too deep whose end tags have not come yet. */
  private skipped = 0;
  /** Elements in the tree now (those `onClose` consumed are gone). */
  private live = 0;
  /** Per open element: `live` before it was created, what is left when it is consumed. */
  private readonly liveBefore: number[] = [];
  truncated = false;

  private readonly onClose: ((el: XmlElement) => boolean) | undefined;
  private readonly containers: ReadonlySet<string> | undefined;

  constructor(text: string, options: ParseXmlOptions) {
    this.binary = options.utf8InLatin1 === true;
    this.names = new NameTable(this.binary);
    this.attrNames = new NameTable(this.binary);
    this.text = text;
    this.onClose = options.onClose;
    this.containers = options.containers;
    this.len = text.length;
    this.cur = this.doc = documentNode();
  }

  run(): XmlDocument {
    const { text, len } = this;
    let pos = 0;
    let from = 0;
    while (pos < len) {
      const lt = this.nextLt >= from ? this.nextLt : text.indexOf('<', from);
      this.nextLt = -1;
      if (lt === -1) {
        this.addText(pos, len);
        break;
      }
      const c = text.charCodeAt(lt + 1);
      if (!(isNameStart(c) || c === 47 || c === 33 || c === 63)) {
        // A `<` that starts no markup ("a < b") is text.
        from = lt + 1;
        continue;
      }
      this.addText(pos, lt);
      if (c === 47 /* / */) pos = this.endTag(lt);
      else if (c === 33 /* ! */) pos = this.markup(lt);
      else if (c === 63 /* ? */) pos = this.skipPast(lt + 2, '?>');
      else pos = this.startTag(lt);
      from = pos;
    }
    this.truncated ||= this.stack.length > 0;
    const root = this.doc.children.find((n): n is XmlElement => typeof n !== 'string') ?? null;
    return { root, truncated: this.truncated };
  }

  private addText(start: number, end: number): void {
    const { cur } = this;
    if (end <= start || cur === this.doc) return;
    if (this.containers?.has(cur.local) && isBlank(this.text, start, end)) return;
    append(cur, decodeEntities(this.textAt(start, end)));
  }

  /** `text[start, end)` as characters (decoded from bytes in a binary document). */
  private textAt(start: number, end: number): string {
    const raw = this.text.slice(start, end);
    return this.binary ? fromUtf8Bytes(raw) : raw;
  }

  private skipPast(from: number, marker: string): number {
    const end = this.text.indexOf(marker, from);
    if (end === -1) {
      this.truncated = true;
      return this.len;
    }
    return end + marker.length;
  }

  /** `<!-- -->`, `<![CDATA[ ]]>`, `<!DOCTYPE …>` or another `<!…>` declaration. */
  private markup(lt: number): number {
    const { text } = this;
    if (text.startsWith('<!--', lt)) return this.skipPast(lt + 4, '-->');
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      const stop = end === -1 ? this.len : end;
      if (end === -1) this.truncated = true;
      if (stop > lt + 9 && this.cur !== this.doc) append(this.cur, this.textAt(lt + 9, stop));
      return end === -1 ? this.len : end + 3;
    }
    if (text.slice(lt + 2, lt + 9).toUpperCase() === 'DOCTYPE') {
      const end = doctypeEnd(text, lt + 9);
      if (end === -1) this.truncated = true;
      return end === -1 ? this.len : end;
    }
    return this.skipPast(lt + 2, '>');
  }

  /** Where the current tag must end at the latest: the next `<` (never legal inside a tag). */
  private tagLimit(lt: number): number {
    const next = this.text.indexOf('<', lt + 1);
    this.nextLt = next;
    return next === -1 ? this.len : next;
  }

  private startTag(lt: number): number {
    const { text } = this;
    const limit = this.tagLimit(lt);
    const name = this.names.read(text, lt + 1, limit);
    let i = this.names.end;
    this.attrCount = 0;
    let selfClosing = false;
    let ended = false;
    while (i < limit) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) i++;
      else if (c === 62 /* > */) {
        ended = true;
        i++;
        break;
      } else if (c === 47 /* / */) {
        i++;
        if (text.charCodeAt(i) === 62) {
          selfClosing = ended = true;
          i++;
          break;
        }
      } else if (isNameEnd(c))
        i++; // a stray `=`
      else i = this.attribute(i, limit);
    }
    if (!ended && i >= this.len) this.truncated = true;
    this.open(name, selfClosing);
    return i;
  }

  /** Reads `name="value"` (or `name='value'`, `name=value`, `name`) into the scratch list. */
  private attribute(start: number, limit: number): number {
    const { text } = this;
    const name = this.attrNames.read(text, start, limit);
    let i = this.attrNames.end;
    while (i < limit && isSpace(text.charCodeAt(i))) i++;
    let value = '';
    if (text.charCodeAt(i) === 61 /* = */) {
      i++;
      while (i < limit && isSpace(text.charCodeAt(i))) i++;
      const q = text.charCodeAt(i);
      if (q === 34 || q === 39) {
        const close = text.indexOf(q === 34 ? '"' : "'", i + 1);
        // An unterminated quote ends at the tag's `>` at the latest.
        const stop = close === -1 || close >= limit ? this.recoverQuote(i + 1, limit) : close;
        value = this.textAt(i + 1, stop);
        i = stop === close ? close + 1 : stop;
      } else {
        const from = i;
        while (i < limit && !isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== 62) i++;
        value = this.textAt(from, i);
      }
    }
    this.attrKeys[this.attrCount] = name;
    this.attrValues[this.attrCount++] = decodeEntities(value);
    return i;
  }

  /** Where a value whose quote never closes ends: at the tag's `>`, else at `limit`. */
  private recoverQuote(from: number, limit: number): number {
    return this.gtBefore(from, limit) ?? limit;
  }

  /** The first `>` in `[from, limit)`, or null. Bounded, so broken tags cost their own length. */
  private gtBefore(from: number, limit: number): number | null {
    const { text } = this;
    for (let i = from; i < limit; i++) if (text.charCodeAt(i) === 62) return i;
    return null;
  }

  private open(name: Name, selfClosing: boolean): void {
    if (this.stack.length >= MAX_DEPTH || this.live >= MAX_ELEMENTS) {
      // Too deep: no element at all, so that 10^6 nested tags cost their text and nothing more.
      if (!selfClosing) this.skipped++;
      return;
    }
    const { attrKeys, attrValues, scope } = this;
    const n = this.attrCount;
    const shadowed = n > 0 ? scope.declare(attrKeys, attrValues, n) : null;
    let attrs: string[] = NONE;
    if (n > 0) {
      attrs = new Array<string>(n * 2);
      for (let a = 0; a < n; a++) {
        attrs[2 * a] = scope.attrName(attrKeys[a]!);
        attrs[2 * a + 1] = attrValues[a]!;
      }
    }
    const el: XmlElement = {
      name: name.name,
      local: name.local,
      ns: scope.nsOf(name),
      attrs,
      children: NONE,
      parent: this.cur,
      closed: selfClosing,
    };
    append(this.cur, el);
    const before = this.live++;
    if (selfClosing) {
      this.closed(el, before);
      if (shadowed) this.scope.restore(shadowed);
      return;
    }
    this.stack.push(el);
    this.liveBefore.push(before);
    this.undo.push(shadowed);
    this.cur = el;
  }

  private endTag(lt: number): number {
    const { text, stack } = this;
    const limit = this.tagLimit(lt);
    const top = stack[stack.length - 1];
    let i: number;
    let at: number;
    if (this.skipped > 0) {
      // The end tag of a dropped element, whatever it names: dropped tags pair up among themselves.
      this.skipped--;
      i = lt + 2;
      at = -1;
    } else if (
      // The common case, the innermost element closing, compares in place without a string.
      top !== undefined &&
      text.startsWith(top.name, lt + 2) &&
      isNameEnd(text.charCodeAt(lt + 2 + top.name.length))
    ) {
      i = lt + 2 + top.name.length;
      at = stack.length - 1;
    } else {
      i = lt + 2;
      while (i < limit && !isNameEnd(text.charCodeAt(i))) i++;
      at = this.findOpen(this.textAt(lt + 2, i));
    }
    const gt = this.gtBefore(i, limit);
    const end = gt === null ? limit : gt + 1;
    if (gt === null && limit === this.len) this.truncated = true;
    if (at >= 0) this.popTo(at);
    return end;
  }

  /** The stack index of the open element an end tag names, or -1 to ignore the end tag. */
  private findOpen(qname: string): number {
    const { stack } = this;
    let at = stack.length - 1;
    while (at >= 0 && stack[at]!.name !== qname) at--;
    if (at >= 0) return at;
    // Tolerate case mismatches (`<pubDate>…</pubdate>`) among the innermost elements.
    const lower = qname.toLowerCase();
    const floor = Math.max(0, stack.length - 16);
    for (at = stack.length - 1; at >= floor; at--) {
      if (stack[at]!.name.toLowerCase() === lower) return at;
    }
    return -1;
  }

  /** Closes the element at `at` and every element opened inside it. */
  private popTo(at: number): void {
    const { stack, undo } = this;
    while (stack.length > at) {
      const el = stack.pop()!;
      const before = this.liveBefore.pop()!;
      el.closed = true;
      this.cur = stack.length > 0 ? stack[stack.length - 1]! : this.doc;
      this.closed(el, before);
      const shadowed = undo.pop();
      if (shadowed) this.scope.restore(shadowed);
    }
  }

  /**
   * Offers a closed element to `onClose`; a consumed element leaves the tree (it is the last
   * child) with its subtree: the elements held are those from before it was created.
   */
  private closed(el: XmlElement, liveBefore: number): void {
    if (this.onClose?.(el) === true && el.parent?.children.at(-1) === el) {
      (el.parent.children as XmlNode[]).pop();
      this.live = liveBefore;
    }
  }
}

/**
 * Parses a document into a lenient element tree; never throws.
 *
 * @example parseXml('<rss><channel><title>A &amp; B</title></channel></rss>').root?.local // 'rss'
 */
export function parseXml(input: string, options: ParseXmlOptions = {}): XmlDocument {
  return new TreeBuilder(clean(input, options.utf8InLatin1 === true), options).run();
}
