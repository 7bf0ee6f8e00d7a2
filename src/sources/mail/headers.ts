/**
 * Mail header helpers that need no MIME parser: unfolding a raw header block and decoding
 * RFC 2047 encoded words. Used on the IMAP header-only fetch (newsletter detection before the
 * body is downloaded) and on headers mailparser leaves raw (List-Unsubscribe).
 */
import iconv from 'iconv-lite';

/** Header fields by lower-case name, each occurrence unfolded, in message order. */
export type HeaderFields = ReadonlyMap<string, readonly string[]>;

/**
 * Splits a raw header block (up to the first empty line) into unfolded fields.
 * RFC 5322 §2.2.3: a CRLF followed by white space is a fold, not a new field.
 *
 * @example parseHeaderBlock('List-Id: News\r\n <news.example.org>\r\n\r\n').get('list-id')
 * // ['News <news.example.org>']
 */
export function parseHeaderBlock(raw: string | Uint8Array): HeaderFields {
  const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = end === -1 ? text : text.slice(0, end);
  const fields = new Map<string, string[]>();
  for (const line of block.split(/\r?\n(?![ \t])/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = unfold(line.slice(colon + 1));
    const list = fields.get(name);
    if (list) list.push(value);
    else fields.set(name, [value]);
  }
  return fields;
}

/** Removes folding white space: `a\r\n  b` → `a b`. */
export function unfold(value: string): string {
  return value.replace(/\r?\n[ \t]+/g, ' ').trim();
}

/** The first value of a field, or null. */
export function firstField(fields: HeaderFields, name: string): string | null {
  return fields.get(name)?.[0] ?? null;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g;

function decodeBytes(bytes: Buffer, charset: string): string {
  const label = charset.replace(/\*.*$/, '').toLowerCase(); // RFC 2231 language suffix
  if (iconv.encodingExists(label)) return iconv.decode(bytes, label);
  return bytes.toString('latin1');
}

function wordBytes(encoding: string, text: string): Buffer {
  if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64');
  // RFC 2047 §4.2: "_" is a space, "=XX" a byte.
  const bytes: number[] = [];
  const source = text.replace(/_/g, ' ');
  for (let i = 0; i < source.length; i++) {
    const hex = source.slice(i + 1, i + 3);
    if (source[i] === '=' && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(source.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/**
 * Decodes RFC 2047 encoded words; white space between two adjacent encoded words is dropped
 * (RFC 2047 §6.2), and adjacent words of one charset are joined before decoding, so that a
 * multi-byte character split across words survives.
 *
 * @example decodeWords('=?utf-8?Q?Caf=C3=A9?= =?utf-8?B?IOKYlQ==?=') // 'Café ☕'
 */
export function decodeWords(value: string): string {
  const parts: { charset: string; bytes: Buffer }[] = [];
  let out = '';
  let last = 0;
  const flush = () => {
    if (parts.length === 0) return;
    out += decodeBytes(Buffer.concat(parts.map((p) => p.bytes)), parts[0]!.charset);
    parts.length = 0;
  };
  for (const match of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(last, match.index);
    const charset = match[1]!.toLowerCase();
    const adjacent = parts.length > 0 && between.trim() === '';
    if (!adjacent) {
      flush();
      out += between;
    } else if (parts[0]!.charset !== charset) {
      flush();
    }
    parts.push({ charset, bytes: wordBytes(match[2]!, match[3]!) });
    last = match.index + match[0].length;
  }
  flush();
  return out + value.slice(last);
}
