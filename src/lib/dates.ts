/**
 * Date parsing for feeds: RFC 822/1123 and ISO 8601/W3CDTF on a hand-written fast path, then a
 * forgiving token parser for the broken variants found in the wild. Never returns an Invalid
 * Date: what cannot be read with confidence is null.
 */

/** Offsets in minutes east of UTC. IST is India (the most common use in feeds). */
const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  wet: 0,
  west: 60,
  bst: 60,
  cet: 60,
  met: 60,
  cest: 120,
  mest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  ist: 330,
  hkt: 480,
  sgt: 480,
  awst: 480,
  jst: 540,
  kst: 540,
  acst: 570,
  acdt: 630,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  ast: -240,
  adt: -180,
  nst: -210,
  ndt: -150,
};

/** Month names and abbreviations: English, German, French, Spanish, Italian, Dutch, Portuguese. */
const MONTH_NAMES: readonly string[] = [
  'jan january januar janvier janv enero ene gennaio gen januari janeiro',
  'feb february februar février fevrier févr fevr febrero febbraio februari fevereiro fev',
  'mar march märz marz mär mrz mars marzo maart mrt março marco',
  'apr april avril avr abril abr aprile',
  'may mai mayo maggio mag mei maio',
  'jun june juni juin junio giugno giu junho',
  'jul july juli juillet juil julio luglio lug julho',
  'aug august août aout agosto ago augustus',
  'sep sept september septembre septiembre setiembre set settembre setembro',
  'oct october oktober okt octobre octubre ottobre ott outubro out',
  'nov november novembre noviembre novembro',
  'dec december dezember dez décembre decembre déc diciembre dic dicembre dezembro',
];

const MONTHS = new Map<string, number>();
MONTH_NAMES.forEach((names, m) => {
  for (const name of names.split(' ')) MONTHS.set(name, m + 1);
});

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Reads `n` digits at `i`, or -1. */
function num(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = digit(s, i + k);
    if (d < 0) return -1;
    v = v * 10 + d;
  }
  return v;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  sec: number,
  ms: number,
  offset: number,
): Date | null {
  if (y < 1000 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo - 1]!) return null;
  if (mo === 2 && d === 29 && (y % 4 !== 0 || (y % 100 === 0 && y % 400 !== 0))) return null;
  if (h > 24 || mi > 59 || sec > 60 || (h === 24 && (mi > 0 || sec > 0))) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(sec, 59), ms) - offset * 60_000;
  return Number.isNaN(t) ? null : new Date(t);
}

/** ISO 8601 / W3CDTF: `2003-12-31T10:14:55.5-08:00`, `20031231T101455Z`, `2003-12-31`, `2003`. */
function parseIso(s: string): Date | null {
  const y = num(s, 0, 4);
  let i = 4;
  // `2003-12-31`, and `2003/12/31` as some CMSs write it; no separator is the basic format.
  const sepChar = s.charCodeAt(i);
  const extended = sepChar === 45 || sepChar === 47;
  if (extended) i++;
  let mo = 1;
  let d = 1;
  if (i < s.length) {
    // The extended form tolerates one-digit months and days (`2020/1/10`).
    const moLen = extended && digit(s, i + 1) < 0 ? 1 : 2;
    mo = num(s, i, moLen);
    i += moLen;
    if (extended && s.charCodeAt(i) === sepChar) i++;
    if (i < s.length && digit(s, i) >= 0) {
      const dLen = extended && digit(s, i + 1) < 0 ? 1 : 2;
      d = num(s, i, dLen);
      i += dLen;
    }
  }
  if (mo < 0 || d < 0) return null;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let ms = 0;
  let offset = 0;
  const sep = s.charCodeAt(i);
  if (sep === 84 || sep === 116 || sep === 32) {
    i++;
    h = num(s, i, 2);
    i += 2;
    if (s.charCodeAt(i) === 58) i++;
    mi = num(s, i, 2);
    i += 2;
    if (h < 0 || mi < 0) return null;
    if (s.charCodeAt(i) === 58 || (!extended && digit(s, i) >= 0)) {
      if (s.charCodeAt(i) === 58) i++;
      sec = num(s, i, 2);
      i += 2;
      if (sec < 0) return null;
    }
    if (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44) {
      let scale = 100;
      for (i++; digit(s, i) >= 0; i++) {
        ms += digit(s, i) * scale;
        scale /= 10;
      }
      ms = Math.floor(ms);
    }
    while (s.charCodeAt(i) === 32) i++;
    const z = s.charCodeAt(i);
    if (z === 90 || z === 122) i++;
    else if (z === 43 || z === 45) {
      const oh = num(s, i + 1, 2);
      i += 3;
      if (s.charCodeAt(i) === 58) i++;
      const om = i < s.length ? num(s, i, 2) : 0;
      if (oh < 0 || om < 0) return null;
      if (i < s.length) i += 2;
      offset = (z === 45 ? -1 : 1) * (oh * 60 + om);
    } else if (i < s.length) {
      const zone = ZONES[s.slice(i).trim().toLowerCase()];
      if (zone === undefined) return null;
      offset = zone;
      i = s.length;
    }
  }
  if (i < s.length) return null;
  return build(y, mo, d, h, mi, sec, ms, offset);
}

/** English three-letter month names keyed by their lower-cased character codes. */
const MONTH_CODES = new Map<number, number>();
MONTH_NAMES.forEach((names, m) => {
  const en = names.slice(0, 3);
  MONTH_CODES.set((en.charCodeAt(0) << 16) | (en.charCodeAt(1) << 8) | en.charCodeAt(2), m + 1);
});

/** The month of the English abbreviation at `i` (any case), or -1; allocates nothing. */
function monthAt(s: string, i: number): number {
  const code =
    ((s.charCodeAt(i) | 0x20) << 16) |
    ((s.charCodeAt(i + 1) | 0x20) << 8) |
    (s.charCodeAt(i + 2) | 0x20);
  return MONTH_CODES.get(code) ?? -1;
}

/** Exactly `[Ddd, ]D[D] Mon YYYY HH:MM[:SS] ±HHMM|ZONE`, the shape of nearly every RSS date. */
function parseRfc822Fast(s: string): Date | null | undefined {
  let i = 0;
  if ((s.charCodeAt(0) | 0x20) >= 97 && (s.charCodeAt(0) | 0x20) <= 122) {
    if (s.charCodeAt(3) !== 44 || s.charCodeAt(4) !== 32) return undefined;
    i = 5;
  }
  let d = digit(s, i);
  if (d < 0) return undefined;
  i++;
  if (digit(s, i) >= 0) d = d * 10 + digit(s, i++);
  if (s.charCodeAt(i) !== 32 || s.charCodeAt(i + 4) !== 32) return undefined;
  const mo = monthAt(s, i + 1);
  const y = num(s, i + 5, 4);
  i += 9;
  if (mo < 0 || y < 0 || s.charCodeAt(i) !== 32) return undefined;
  const h = num(s, i + 1, 2);
  const mi = num(s, i + 4, 2);
  if (h < 0 || mi < 0 || s.charCodeAt(i + 3) !== 58) return undefined;
  i += 6;
  let sec = 0;
  if (s.charCodeAt(i) === 58) {
    sec = num(s, i + 1, 2);
    if (sec < 0) return undefined;
    i += 3;
  }
  if (i === s.length) return build(y, mo, d, h, mi, sec, 0, 0);
  if (s.charCodeAt(i) !== 32) return undefined;
  i++;
  const z = s.charCodeAt(i);
  let offset: number | undefined;
  if ((z === 43 || z === 45) && s.length === i + 5) {
    const oh = num(s, i + 1, 2);
    const om = num(s, i + 3, 2);
    if (oh < 0 || om < 0) return undefined;
    offset = (z === 45 ? -1 : 1) * (oh * 60 + om);
  } else {
    offset = ZONES[s.slice(i).toLowerCase()];
  }
  return offset === undefined ? undefined : build(y, mo, d, h, mi, sec, 0, offset);
}

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  sec: number;
  offset: number;
  pm: boolean | null;
  /** The month was read before any number (it may have been a day name). */
  early: boolean;
}

const TOKEN =
  /(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?|[+-]\d{1,2}(?::?\d{2})?\b|\d+(?:st|nd|rd|th)?|[^\s\d,.:;/()+-]+/giu;

/** Forgiving: tokens in any order, day names ignored, comments dropped, month by name. */
function parseLoose(input: string): Date | null {
  const s = input.replace(/\([^)]*\)/g, ' ');
  const p: Parts = {
    y: -1,
    mo: -1,
    d: -1,
    h: -1,
    mi: 0,
    sec: 0,
    offset: 0,
    pm: null,
    early: false,
  };
  for (const m of s.matchAll(TOKEN)) {
    const tok = m[0];
    if (m[1] !== undefined) {
      if (p.h >= 0) return null;
      p.h = Number(m[1]);
      p.mi = Number(m[2]);
      p.sec = m[3] === undefined ? 0 : Number(m[3]);
    } else if ((tok[0] === '+' || tok[0] === '-') && p.h >= 0) {
      const digits = tok.replace(/\D/g, '');
      const hours = Number(digits.length <= 2 ? digits : digits.slice(0, -2));
      const minutes = digits.length <= 2 ? 0 : Number(digits.slice(-2));
      p.offset = (tok[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
    } else if (/^[+-]?\d/.test(tok)) {
      // Before a time, `-` is a separator (`15-Jan-2024`), not a zone.
      const n = tok.replace(/^[+-]/, '');
      if (n.includes(':') || !readNumber(p, Number.parseInt(n, 10), n.length)) return null;
    } else if (!readWord(p, tok.toLowerCase())) {
      return null;
    }
  }
  if (p.y < 0 || p.mo < 0 || p.d < 0) return null;
  let h = Math.max(p.h, 0);
  if (p.pm !== null && h <= 12) h = (h % 12) + (p.pm ? 12 : 0);
  return build(p.y, p.mo, p.d, h, p.mi, p.sec, 0, p.offset);
}

function readNumber(p: Parts, n: number, len: number): boolean {
  if (len === 4 && p.y < 0) p.y = n;
  else if (p.d < 0 && n >= 1 && n <= 31 && len <= 4) p.d = n;
  else if (p.y < 0 && len <= 2) p.y = n < 50 ? 2000 + n : 1900 + n;
  else return false;
  return true;
}

/** Month, zone, AM/PM; other words (day names, "Posted", "de") are ignored. */
function readWord(p: Parts, w: string): boolean {
  const month = MONTHS.get(w) ?? (w.length > 3 ? MONTHS.get(w.slice(0, 3)) : undefined);
  // A second month word wins over one read before any number: French `mar.` is Tuesday.
  if (month !== undefined && (p.mo < 0 || p.early)) {
    p.early = p.d < 0 && p.y < 0;
    p.mo = month;
    return true;
  }
  const zone = ZONES[w];
  if (zone !== undefined) {
    p.offset = zone;
    return true;
  }
  if (w === 'am' || w === 'pm') p.pm = w === 'pm';
  else if (w.length === 1 && p.h >= 0) p.offset = 0; // RFC 5322 §4.3: military zones mean -0000
  return true;
}

/**
 * Parses a feed date. Zone-less dates are taken as UTC.
 *
 * @example parseDate('Mon, 01 Jan 2024 10:00:00 +0100 (CET)')?.toISOString() // '2024-01-01T09:00:00.000Z'
 * @example parseDate('2003-12-31T10:14:55Z')?.toISOString() // '2003-12-31T10:14:55.000Z'
 * @example parseDate('soon') // null
 */
export function parseDate(s: string | null | undefined): Date | null {
  if (s == null) return null;
  const t = s.trim();
  if (t.length < 4 || t.length > 120) return null;
  if (digit(t, 0) >= 0 && digit(t, 1) >= 0 && digit(t, 2) >= 0 && digit(t, 3) >= 0) {
    const iso = parseIso(t);
    if (iso !== null || !/[a-z]{3}/i.test(t)) return iso;
  }
  const fast = parseRfc822Fast(t);
  if (fast !== undefined) return fast;
  return parseLoose(t);
}

/** The calendar year of an instant in a time zone. */
function yearIn(date: Date, tz: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: tz, year: 'numeric' }).format(date));
}

/**
 * An instant as a person reads it in their zone and language: day, short month and time, with
 * the weekday when asked, and with the year when it is not the current year (a 2016 post of a
 * first subscription must not read as this spring's).
 *
 * @example formatLocalDate('2016-03-02T09:00:00Z', { tz: 'UTC', locale: 'en-GB', now: new Date('2026-05-01T00:00:00Z') }) // '2 Mar 2016, 09:00'
 * @example formatLocalDate('2026-03-02T09:00:00Z', { tz: 'UTC', locale: 'en-GB', now: new Date('2026-05-01T00:00:00Z') }) // '2 Mar, 09:00'
 */
export function formatLocalDate(
  iso: string,
  options: { tz: string; locale: string; now: Date; weekday?: boolean },
): string {
  const date = new Date(iso);
  const otherYear = yearIn(date, options.tz) !== yearIn(options.now, options.tz);
  return new Intl.DateTimeFormat(options.locale, {
    timeZone: options.tz,
    ...(options.weekday ? { weekday: 'long' as const } : {}),
    day: 'numeric',
    month: 'short',
    ...(otherYear ? { year: 'numeric' as const } : {}),
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}
