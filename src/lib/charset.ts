import { isAscii, isUtf8, transcode } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';

/** What `decodeBytes` returns: the text and the charset it was decoded with (lower-case). */
export interface DecodedText {
  text: string;
  charset: string;
}

/** Labels browsers read as windows-1252 (WHATWG Encoding: latin1, ascii and friends). */
const AS_CP1252 = new Set([
  'us-ascii',
  'ascii',
  'ansi_x3.4-1968',
  'iso-8859-1',
  'iso8859-1',
  'iso_8859-1',
  'latin1',
  'latin-1',
  'l1',
  'cp819',
  'ibm819',
  'cp1252',
  'windows-1252',
  'x-cp1252',
]);

/** As WHATWG Encoding: GB2312/GBK are read as their superset, Big5 as Big5-HKSCS. */
const ALIASES: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  big5: 'big5hkscs',
  'big5-hkscs': 'big5hkscs',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'x-mac-cyrillic': 'maccyrillic',
  'x-mac-roman': 'macintosh',
  'iso-8859-8-i': 'iso-8859-8',
  'x-sjis': 'shift_jis',
  ucs2: 'utf-16le',
};

/**
 * The charset name for a label, or null when iconv-lite cannot decode it (unknown labels fall
 * back down the chain rather than failing).
 */
export function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const l = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (l === '') return null;
  if (AS_CP1252.has(l)) return 'windows-1252';
  const name = ALIASES[l] ?? l;
  return iconv.encodingExists(name) ? name : null;
}

/** The `charset` parameter of a Content-Type header, as written. */
export function headerCharset(contentType: string | null | undefined): string | null {
  const m = contentType
    ? /;\s*charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;]+))/i.exec(contentType)
    : null;
  return m ? (m[1] ?? m[2] ?? m[3] ?? null) : null;
}

/** A byte order mark and the Unicode encoding form it names. */
function sniffBom(b: Uint8Array): { charset: string; length: number } | null {
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { charset: 'utf-8', length: 3 };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return { charset: 'utf-32le', length: 4 };
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return { charset: 'utf-32be', length: 4 };
  if (b0 === 0xfe && b1 === 0xff) return { charset: 'utf-16be', length: 2 };
  if (b0 === 0xff && b1 === 0xfe) return { charset: 'utf-16le', length: 2 };
  return null;
}

/** UTF-16/32 without a BOM, recognised by where the zero bytes of `<` or whitespace fall. */
function sniffWide(b: Uint8Array): string | null {
  if (b.length < 4) return null;
  const z = (i: number) => b[i] === 0;
  if (z(0) && z(1) && z(2) && !z(3)) return 'utf-32be';
  if (!z(0) && z(1) && z(2) && z(3)) return 'utf-32le';
  if (z(0) && !z(1) && z(2) && !z(3)) return 'utf-16be';
  if (!z(0) && z(1) && !z(2) && z(3)) return 'utf-16le';
  return null;
}

/**
 * The encoding named by an XML declaration or an HTML `<meta>` in the first kilobyte, as
 * written (pass it through `normalizeCharset`).
 *
 * @example declaredCharset(Buffer.from('<meta charset="windows-1250">')) // 'windows-1250'
 */
export function declaredCharset(b: Uint8Array): string | null {
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 1024)).toString('latin1');
  const xml = /<\?xml\s[^>]*?encoding\s*=\s*["']?([\w.:-]+)/i.exec(head);
  if (xml) return xml[1]!;
  const meta = /<meta\s[^>]*?charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return meta ? meta[1]! : null;
}

/** True when most multi-byte sequences are valid UTF-8 (a few stray bytes in a UTF-8 document). */
function mostlyUtf8(b: Uint8Array): boolean {
  let good = 0;
  let bad = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0x80) continue;
    const n = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c <= 0xdf ? 1 : -1;
    let ok = n > 0 && i + n < b.length;
    for (let k = 1; ok && k <= n; k++) ok = (b[i + k]! & 0xc0) === 0x80;
    if (ok) {
      good++;
      i += n;
    } else bad++;
  }
  return good > bad;
}

/** Statistical detection needs material: a handful of non-ASCII bytes is no evidence. */
const MIN_HIGH_BYTES = 8;

/** Detection for bytes that are not UTF-8 and say nothing about themselves. */
function guess(b: Uint8Array): string {
  let high = 0;
  for (let i = 0; i < b.length && high < MIN_HIGH_BYTES; i++) if (b[i]! >= 0x80) high++;
  if (high < MIN_HIGH_BYTES) return 'windows-1252';
  // The first 64 KiB say as much as the whole document, at a bounded cost.
  const top = chardet.analyse(b.subarray(0, 65_536))[0];
  const name = top && top.confidence >= 25 ? normalizeCharset(top.name) : null;
  return name && name !== 'utf-8' ? name : 'windows-1252';
}

function decodeAs(b: Uint8Array, charset: string): DecodedText {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.length);
  // iconv-lite strips a BOM of the charset it decodes (stripBOM defaults to true).
  return { text: iconv.decode(buf, charset), charset };
}

/** Valid UTF-8 that is not plain ASCII: a legacy label on such bytes is a mislabel. */
function isRealUtf8(b: Uint8Array): boolean {
  return isUtf8(b) && !isAscii(b);
}

function fromDeclaration(b: Uint8Array): string {
  const declared = normalizeCharset(declaredCharset(b));
  // A readable declaration means an ASCII-compatible encoding, whatever it claims.
  if (declared && !declared.startsWith('utf-16') && !declared.startsWith('utf-32')) {
    if (declared === 'utf-8' || isRealUtf8(b))
      return isUtf8(b) || mostlyUtf8(b) ? 'utf-8' : guess(b);
    return declared;
  }
  if (isUtf8(b) || mostlyUtf8(b)) return 'utf-8';
  return guess(b);
}

/**
 * Decodes a fetched document. Precedence: HTTP charset > BOM > XML declaration / `<meta
 * charset>` > sniffing (valid UTF-8, else chardet, else windows-1252). As browsers do,
 * latin-1 and ASCII labels mean windows-1252; a UTF-16/32 BOM beats a header that names
 * another encoding; and a latin-1/ASCII header (or a legacy XML declaration, as miniflux
 * does) on bytes that are valid, non-ASCII UTF-8 is a misconfiguration: they are UTF-8;
 * likewise a utf-8 header on bytes that are mostly not UTF-8 yields to the document.
 *
 * @example decodeBytes(bytes, 'text/xml; charset=windows-1252') // { text: '…', charset: 'windows-1252' }
 */
export function decodeBytes(bytes: Uint8Array, contentType?: string | null): DecodedText {
  return decodeWithCharset(bytes, detectCharset(bytes, contentType));
}

/**
 * The charset `decodeBytes` would decode `bytes` with (see there for the precedence).
 *
 * @example detectCharset(bytes, 'text/xml; charset=iso-8859-1') // 'windows-1252'
 */
export function detectCharset(bytes: Uint8Array, contentType?: string | null): string {
  const bom = sniffBom(bytes);
  const rawHeader = headerCharset(contentType);
  const header = normalizeCharset(rawHeader);
  if (header && !(bom && bom.charset !== 'utf-8' && bom.charset !== header)) {
    const lax = header === 'windows-1252' && rawHeader !== null && !/1252/.test(rawHeader);
    if (lax && isRealUtf8(bytes)) return 'utf-8';
    // A utf-8 header on bytes that are mostly not UTF-8 (a PHP default): read the document.
    if (header !== 'utf-8' || isUtf8(bytes) || mostlyUtf8(bytes)) return header;
  }
  if (bom) return bom.charset;
  return sniffWide(bytes) ?? fromDeclaration(bytes);
}

function withoutBom(bytes: Uint8Array): Buffer {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return Buffer.from(bytes.buffer, bytes.byteOffset + bom, bytes.length - bom);
}

/**
 * Valid, non-ASCII UTF-8 as a "binary" string — one character per byte (latin1) — or null.
 * A one-byte string is several times cheaper to make than decoded text, and markup is ASCII:
 * a parser can scan it and decode only the text it keeps (`parseXml`'s `utf8InLatin1`).
 */
export function utf8AsLatin1(bytes: Uint8Array): string | null {
  const buf = withoutBom(bytes);
  return isAscii(buf) || !isUtf8(buf) ? null : buf.toString('latin1');
}

/**
 * UTF-8 to a string, fast: ASCII as latin1 (a one-byte string), valid UTF-8 through `transcode`
 * to UTF-16 and a copy (about twice as fast as V8's decoder on non-ASCII text), the rest
 * through the replacing decoder.
 */
function decodeUtf8(bytes: Uint8Array): string {
  const buf = withoutBom(bytes);
  if (isAscii(buf)) return buf.toString('latin1');
  if (buf.length > 4096 && isUtf8(buf))
    return transcode(buf, 'utf8', 'utf16le').toString('utf16le');
  return buf.toString('utf8');
}

/**
 * Decodes with a known charset (from `detectCharset`); `utf-16` without a BOM is sniffed.
 *
 * @example decodeWithCharset(bytes, 'koi8-r').text
 */
export function decodeWithCharset(bytes: Uint8Array, charset: string): DecodedText {
  if (charset === 'utf-8') return { text: decodeUtf8(bytes), charset };
  if (charset === 'utf-16be' || charset === 'utf-16le' || charset.startsWith('utf-32')) {
    return decodeAs(bytes, charset);
  }
  if (charset === 'utf-16') {
    return decodeAs(bytes, sniffWide(bytes) ?? sniffBom(bytes)?.charset ?? 'utf-16le');
  }
  return decodeAs(bytes, charset);
}
