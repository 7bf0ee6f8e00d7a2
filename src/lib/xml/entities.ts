import { decodeHTMLStrict } from 'entities';
import { detach } from './namespaces.ts';

/**
 * Windows-1252 meanings of code points 0x80–0x9F. Feeds written on Windows put these C1
 * control code points (as bytes or as `&#146;`) where they mean curly quotes and dashes;
 * browsers read numeric references in this range the same way (HTML §13.2.5.80).
 */
const C1_TO_CP1252: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

const named = new Map<string, string | null>();

/** Longest HTML entity name (`&CounterClockwiseContourIntegral;`) is 31 characters. */
const MAX_NAME = 32;

/** The text a numeric character reference stands for; invalid code points become U+FFFD. */
export function codePointText(cp: number): string {
  if (cp >= 0x80 && cp <= 0x9f) return String.fromCharCode(C1_TO_CP1252[cp - 0x80] ?? cp);
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
  // Characters XML forbids (C0 controls except tab/newline/CR) are dropped rather than kept.
  if (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) return '';
  return String.fromCodePoint(cp);
}

/** Replaces C1 control characters with their windows-1252 meaning (see `C1_TO_CP1252`). */
export function fixC1(s: string): string {
  return s.replace(/[\x80-\x9f]/g, (c) =>
    String.fromCharCode(C1_TO_CP1252[c.charCodeAt(0) - 0x80]!),
  );
}

function namedText(name: string): string | null {
  let hit = named.get(name);
  if (hit === undefined) {
    const decoded = decodeHTMLStrict(`&${name};`);
    hit = decoded === `&${name};` ? null : decoded;
    if (named.size < 4096) named.set(detach(name), hit);
  }
  return hit;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/**
 * Decodes `&…;` references the way a lenient feed reader must: the five XML entities, decimal
 * and hex character references, and every HTML named entity (feeds use `&nbsp;` without a
 * DTD). Anything else — a bare `&`, an unknown or DTD-declared name — stays literal: entities
 * from a DOCTYPE are never expanded.
 *
 * @example decodeEntities('AT&amp;T &nbsp;&#8217; &bogus; a=1&b=2') // 'AT&T \u00a0’ &bogus; a=1&b=2'
 */
export function decodeEntities(s: string): string {
  const amp = s.indexOf('&');
  if (amp === -1) return s;
  return s.length >= LONG ? decodeLong(s, amp) : decodeShort(s, amp);
}

/** From this length on, copying into a UTF-16 buffer beats joining slices (escaped HTML bodies). */
const LONG = 256;

/** Short strings: slices and replacements joined once (a flat result, unlike `+=` ropes). */
function decodeShort(s: string, first: number): string {
  let amp = first;
  let n = 0;
  let last = 0;
  while (amp !== -1) {
    const end = decodeAt(s, amp);
    if (end === -1) {
      amp = s.indexOf('&', amp + 1);
      continue;
    }
    PARTS[n++] = s.slice(last, amp);
    PARTS[n++] = decoded;
    last = end;
    amp = s.indexOf('&', end);
  }
  if (last === 0) return s;
  PARTS[n++] = s.slice(last);
  PARTS.length = n;
  const out = PARTS.join('');
  // Drop the slices: they would keep the (possibly huge) source string alive.
  for (let k = 0; k < n; k++) PARTS[k] = '';
  return out;
}

let buffer = new Uint16Array(4096);
const utf16 = new TextDecoder('utf-16le');

/** Long strings: characters copied into a reused UTF-16 buffer, decoded to a string once. */
function decodeLong(s: string, first: number): string {
  if (buffer.length < s.length) buffer = new Uint16Array(s.length * 2);
  const buf = buffer;
  let n = 0;
  let i = 0;
  let amp = first;
  while (amp !== -1) {
    const end = decodeAt(s, amp);
    const stop = end === -1 ? amp + 1 : amp;
    for (; i < stop; i++) buf[n++] = s.charCodeAt(i);
    if (end !== -1) {
      for (let k = 0; k < decoded.length; k++) buf[n++] = decoded.charCodeAt(k);
      i = end;
    }
    amp = s.indexOf('&', i);
  }
  for (; i < s.length; i++) buf[n++] = s.charCodeAt(i);
  return utf16.decode(buf.subarray(0, n));
}

const PARTS: string[] = [];

/** The text of the reference last read by `decodeAt` (kept out of a result object: no garbage). */
let decoded = '';

function numericAt(s: string, amp: number): number {
  let i = amp + 2;
  let cp = 0;
  let digits = 0;
  if ((s.charCodeAt(i) | 0x20) === 120 /* x */) {
    i++;
    for (let d = s.charCodeAt(i); isHex(d); d = s.charCodeAt(++i)) {
      cp = Math.min(cp * 16 + (d <= 57 ? d - 48 : (d | 0x20) - 87), 0x110000);
      digits++;
    }
  } else {
    for (let d = s.charCodeAt(i); d >= 48 && d <= 57; d = s.charCodeAt(++i)) {
      cp = Math.min(cp * 10 + (d - 48), 0x110000);
      digits++;
    }
  }
  if (digits === 0) return -1;
  decoded = codePointText(cp);
  return s.charCodeAt(i) === 59 /* ; */ ? i + 1 : i;
}

/** Reads the reference at `amp` into `decoded` and returns where it ends, or -1 (a bare `&`). */
function decodeAt(s: string, amp: number): number {
  const i = amp + 1;
  const c = s.charCodeAt(i);
  if (c === 35 /* # */) return numericAt(s, amp);
  // Fast paths for the references that make up almost all escaped HTML.
  if (c === 108 /* l */ && s.charCodeAt(i + 1) === 116 && s.charCodeAt(i + 2) === 59) {
    decoded = '<';
    return i + 3;
  }
  if (c === 103 /* g */ && s.charCodeAt(i + 1) === 116 && s.charCodeAt(i + 2) === 59) {
    decoded = '>';
    return i + 3;
  }
  if (c === 97 /* a */ && s.startsWith('amp;', i)) {
    decoded = '&';
    return i + 4;
  }
  if (c === 113 /* q */ && s.startsWith('quot;', i)) {
    decoded = '"';
    return i + 5;
  }
  let j = i;
  const stop = Math.min(s.length, i + MAX_NAME);
  while (j < stop && isNameChar(s.charCodeAt(j))) j++;
  if (j === i || s.charCodeAt(j) !== 59) return -1;
  const name = s.slice(i, j);
  const text =
    name === 'amp' ? '&' : name === 'quot' ? '"' : name === 'apos' ? "'" : namedText(name);
  if (text === null) return -1;
  decoded = text;
  return j + 1;
}
