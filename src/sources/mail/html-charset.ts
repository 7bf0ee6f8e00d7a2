/**
 * HTML parts that name their charset only in the HTML. RFC 2045 §5.2 makes a text part
 * without a `charset` parameter US-ASCII, and mailparser then reads its bytes as UTF-8; but
 * old mailers and scripts send `Content-Type: text/html` with the charset in a `<meta>` only
 * (enmime's non-mime-missing-charset fixture: windows-1250). As enmime and browsers do, the
 * `<meta>` (or an XML declaration) then decides. This module finds such parts and writes the
 * charset into their Content-Type header, so that mailparser decodes them; everything else
 * of the message stays byte for byte. Pure: bytes in, bytes out.
 */
import { declaredCharset, normalizeCharset } from '../../lib/charset.ts';
import { unfold } from './headers.ts';

/** Nesting and part counts beyond any real message: a hostile one costs no more than this. */
const MAX_DEPTH = 16;
const MAX_PARTS = 1000;
/** Raw body characters read to find the declaration (the HTML spec's prescan: 1024 bytes). */
const SNIFF = 8192;

interface Field {
  name: string;
  value: string;
  start: number;
  end: number;
}

interface Part {
  fields: Field[];
  bodyStart: number;
  end: number;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

interface Walk {
  s: string;
  edits: Edit[];
  parts: number;
}

/** Header fields of the header block at `start`, with their offsets, and where the body starts. */
function readPart(s: string, start: number, end: number): Part {
  const fields: Field[] = [];
  let pos = start;
  let bodyStart = end;
  while (pos < end) {
    let eol = s.indexOf('\n', pos);
    if (eol < 0 || eol > end) eol = end;
    const line = s.slice(pos, eol).replace(/\r$/, '');
    if (line === '') {
      bodyStart = Math.min(eol + 1, end);
      break;
    }
    const last = fields.at(-1);
    if (/^[ \t]/.test(line) && last) last.end = pos + line.length;
    else if (line.indexOf(':') > 0) {
      const name = line.slice(0, line.indexOf(':')).trim().toLowerCase();
      fields.push({ name, value: '', start: pos, end: pos + line.length });
    }
    pos = eol + 1;
  }
  for (const f of fields) f.value = unfold(s.slice(s.indexOf(':', f.start) + 1, f.end));
  return { fields, bodyStart, end };
}

function field(part: Part, name: string): Field | undefined {
  return part.fields.find((f) => f.name === name);
}

function param(value: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^\\s;]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** The parts between the delimiter lines of `boundary` (RFC 2046 §5.1.1); a missing close is tolerated. */
function children(s: string, boundary: string, from: number, end: number): [number, number][] {
  const marker = `--${boundary}`;
  const out: [number, number][] = [];
  let open = -1;
  let i = from;
  for (;;) {
    const at = s.indexOf(marker, i);
    if (at < 0 || at >= end) break;
    i = at + marker.length;
    if (at !== from && s[at - 1] !== '\n') continue;
    const close = s.startsWith('--', i);
    let eol = s.indexOf('\n', i);
    if (eol < 0 || eol > end) eol = end;
    // `--abc` does not delimit parts of boundary `ab`.
    if (s.slice(close ? i + 2 : i, eol).trim() !== '') continue;
    // The line break before a delimiter belongs to the delimiter.
    const partEnd = at - (s[at - 2] === '\r' ? 2 : 1);
    if (open >= 0) out.push([open, Math.max(open, partEnd)]);
    if (close) return out;
    open = Math.min(eol + 1, end);
    i = open;
  }
  if (open >= 0) out.push([open, end]);
  return out;
}

/** The first bytes of a body, its transfer encoding undone (enough to find a declaration). */
function bodyHead(raw: string, encoding: string): Buffer {
  if (encoding === 'base64') {
    const clean = raw.replace(/[^A-Za-z0-9+/]/g, '');
    return Buffer.from(clean.slice(0, clean.length - (clean.length % 4)), 'base64');
  }
  if (encoding === 'quoted-printable') {
    const text = raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      );
    return Buffer.from(text, 'latin1');
  }
  return Buffer.from(raw, 'latin1');
}

/** The charset an undeclared HTML part declares inside, when it is one to decode from. */
function htmlDeclared(w: Walk, part: Part, encoding: string): string | null {
  const head = bodyHead(
    w.s.slice(part.bodyStart, Math.min(part.end, part.bodyStart + SNIFF)),
    encoding,
  );
  const name = normalizeCharset(declaredCharset(head));
  // HTML: a `<meta>` naming UTF-16 means UTF-8 (the document could not have been read
  // otherwise); UTF-8 is what mailparser reads anyway; UTF-7 it rightly refuses.
  if (!name || name === 'utf-8' || /^utf-?(16|32|7)/.test(name)) return null;
  return name;
}

function walk(w: Walk, start: number, end: number, depth: number): void {
  if (depth > MAX_DEPTH || ++w.parts > MAX_PARTS) return;
  const part = readPart(w.s, start, end);
  const type = field(part, 'content-type');
  const media = (type?.value.split(';')[0] ?? '').trim().toLowerCase();
  const encoding = (field(part, 'content-transfer-encoding')?.value ?? '').trim().toLowerCase();
  if (media.startsWith('multipart/')) {
    const boundary = type ? param(type.value, 'boundary') : null;
    if (!boundary) return;
    for (const [from, to] of children(w.s, boundary, part.bodyStart, end))
      walk(w, from, to, depth + 1);
    return;
  }
  if (media === 'message/rfc822' && !['base64', 'quoted-printable'].includes(encoding)) {
    walk(w, part.bodyStart, end, depth + 1);
    return;
  }
  if (media !== 'text/html' || !type || param(type.value, 'charset') !== null) return;
  if (/^\s*attachment/i.test(field(part, 'content-disposition')?.value ?? '')) return;
  const charset = htmlDeclared(w, part, encoding);
  if (charset)
    w.edits.push({
      start: type.start,
      end: type.end,
      text: `Content-Type: ${type.value}; charset="${charset}"`,
    });
}

/**
 * The message with `charset="…"` added to the Content-Type of every HTML part that lacks it
 * but declares one in its HTML, or null when there is none (the common case: nothing to do).
 *
 * @example declareHtmlCharsets(Buffer.from('Content-Type: text/html\r\n\r\n<meta charset="windows-1250">…'))
 * // Content-Type: text/html; charset="windows-1250" …
 */
export function declareHtmlCharsets(raw: Uint8Array): Buffer | null {
  const s = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const w: Walk = { s, edits: [], parts: 0 };
  walk(w, 0, s.length, 0);
  if (w.edits.length === 0) return null;
  let out = s;
  for (const edit of w.edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return Buffer.from(out, 'latin1');
}
