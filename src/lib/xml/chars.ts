/** Character classes and small helpers of the XML tree builder. */
import { fixC1 } from './entities.ts';
import type { XmlElement, XmlNode } from './types.ts';

/** Characters XML forbids (C0 controls but tab/LF/CR) and C1 controls, repaired in one pass. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const BAD_CHARS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x80-\x9f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const C0_CHARS = /[\x00-\x08\x0b\x0c\x0e-\x1f]+/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const C0_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f]/;
const HIGH_BYTE = /[\x80-\xff]/;
/** U+0080–U+009F in UTF-8: C2 80 … C2 9F. */
const C1_BYTES = /\xc2[\x80-\x9f]/;

/**
 * Text of a "binary" string (UTF-8 bytes one per character, see `utf8AsLatin1`) as real
 * characters; C1 controls get their windows-1252 meaning, as in `clean`.
 */
export function fromUtf8Bytes(s: string): string {
  if (!HIGH_BYTE.test(s)) return s;
  // Through one reused buffer: `Buffer.from` per string would allocate (and account for)
  // a backing store every few strings, which costs the GC more than the decoding.
  const text =
    s.length > scratch.length
      ? Buffer.from(s, 'latin1').toString('utf8')
      : scratch.toString('utf8', 0, scratch.write(s, 0, 'latin1'));
  return C1_BYTES.test(s) ? fixC1(text) : text;
}

const scratch = Buffer.allocUnsafe(64 * 1024);

/** An element or attribute name seen in a document, split once. */
export interface Name {
  /** As written in the document (bytes, in a binary document): what interning compares. */
  qname: string;
  /** As text: what elements are called. */
  name: string;
  prefix: string;
  local: string;
  /** Namespace key the prefix resolved to, valid while the scope's version is `version`. */
  ns: string;
  version: number;
}

const INTERN_SLOTS = 512;

function makeName(qname: string, binary: boolean): Name {
  const name = binary ? fromUtf8Bytes(qname) : qname;
  const colon = name.indexOf(':');
  return {
    qname,
    name,
    prefix: colon > 0 ? name.slice(0, colon) : '',
    local: (colon > 0 ? name.slice(colon + 1) : name).toLowerCase(),
    ns: '',
    version: -1,
  };
}

/** Shared by every element without attributes or children until it gets some. */
export const NONE: never[] = [];

/** Adds a child, giving the element its own children array on the first one. */
export function append(el: XmlElement, node: XmlNode): void {
  if (el.children === NONE) (el as { children: XmlNode[] }).children = [node];
  else el.children.push(node);
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** True when `text[start, end)` is only spaces, tabs and line breaks. */
export function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** A character that may start an element name: a letter, `_`, `:` or anything non-ASCII. */
export function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 0x80;
}

/** Ends a name or an unquoted attribute value. */
export function isNameEnd(c: number): boolean {
  return c <= 32 || c === 62 || c === 47 || c === 60 || c === 61;
}

/**
 * Removes a BOM and characters XML forbids; C1 controls get their windows-1252 meaning. In a
 * binary document (UTF-8 bytes) 0x80–0x9F are continuation bytes: C1 waits for `fromUtf8Bytes`.
 */
export function clean(input: string, binary: boolean): string {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (binary) return C0_CHAR.test(text) ? text.replace(C0_CHARS, '') : text;
  return BAD_CHARS.test(text) ? fixC1(text.replace(C0_CHARS, '')) : text;
}

/**
 * Names interned per document by a hash of their characters, so reading a tag allocates no
 * string once its name has been seen (a slot keeps the last name that hashed to it).
 */
export class NameTable {
  private readonly slots: (Name | undefined)[] = new Array(INTERN_SLOTS);
  /** Where the last name read ended. */
  end = 0;

  /** `binary`: the document holds UTF-8 bytes, names are decoded once when first seen. */
  constructor(private readonly binary: boolean) {}

  read(text: string, start: number, limit: number): Name {
    let i = start;
    let h = 0;
    for (; i < limit; i++) {
      const c = text.charCodeAt(i);
      if (isNameEnd(c)) break;
      h = (h * 31 + c) | 0;
    }
    this.end = i;
    const slot = h & (INTERN_SLOTS - 1);
    const hit = this.slots[slot];
    if (hit !== undefined && hit.qname.length === i - start && text.startsWith(hit.qname, start)) {
      return hit;
    }
    const name = makeName(text.slice(start, i), this.binary);
    this.slots[slot] = name;
    return name;
  }
}

/**
 * Where a DOCTYPE that starts before `from` ends (after its `>`), skipping quoted strings,
 * comments and the internal subset — whose entity declarations are never read, let alone
 * expanded. -1 when the document ends first.
 */
export function doctypeEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      const close = text.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close === -1) return -1;
      i = close;
    } else if (c === 91 /* [ */) depth++;
    else if (c === 93 /* ] */) depth--;
    else if (c === 62 /* > */ && depth <= 0) return i + 1;
    else if (c === 60 && text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close === -1) return -1;
      i = close + 2;
    }
  }
  return -1;
}
