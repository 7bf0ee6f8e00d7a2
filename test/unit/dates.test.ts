import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/lib/dates.ts';

function iso(s: string | null | undefined): string | null {
  return parseDate(s)?.toISOString() ?? null;
}

describe('parseDate', () => {
  it.each([
    ['Sat, 07 Sep 2002 00:00:01 GMT', '2002-09-07T00:00:01.000Z'],
    ['Thu, 01 Jan 2004 19:48:21 +0000', '2004-01-01T19:48:21.000Z'],
    ['Mon, 01 Jan 2024 10:00:00 +0100', '2024-01-01T09:00:00.000Z'],
    ['Mon, 01 Jan 2024 10:00:00 -0530', '2024-01-01T15:30:00.000Z'],
    ['Mon, 1 Jan 2024 10:00:00 +0100 (CET)', '2024-01-01T09:00:00.000Z'],
    ['1 Jan 2024 10:00 EST', '2024-01-01T15:00:00.000Z'],
    ['Mon, 01 Jan 2024 10:00:00 EDT', '2024-01-01T14:00:00.000Z'],
    ['Mon, 01 Jan 2024 10:00:00 PST', '2024-01-01T18:00:00.000Z'],
    ['Mon, 01 Jan 2024 10:00:00 CEST', '2024-01-01T08:00:00.000Z'],
    ['Mon, 01 Jan 2024 10:00:00 JST', '2024-01-01T01:00:00.000Z'],
    ['Mon, 01 Jan 2024 10:00:00 AEST', '2024-01-01T00:00:00.000Z'],
    ['Mon, 01 Jan 2024 10:00:00 UT', '2024-01-01T10:00:00.000Z'],
    ['Mon, 01 Jan 2024 10:00:00 Z', '2024-01-01T10:00:00.000Z'],
    ['Mon, 01 Jan 2024 10:00:00 GMT+2', '2024-01-01T08:00:00.000Z'],
  ])('reads RFC 822 with zones: %s', (input, want) => {
    expect(iso(input)).toBe(want);
  });

  it.each([
    ['Tue, 01 Jan 2024 10:00:00 GMT', '2024-01-01T10:00:00.000Z'], // wrong day name
    ['01 Jan 2024 10:00:00 GMT', '2024-01-01T10:00:00.000Z'], // no day name
    ['Tue, 10 Jun 03 04:00:00 GMT', '2003-06-10T04:00:00.000Z'], // two-digit year
    ['Fri, 10 Jun 99 04:00:00 GMT', '1999-06-10T04:00:00.000Z'],
    ['Mon, 01 Jan 2024 10:00 GMT', '2024-01-01T10:00:00.000Z'], // no seconds
    ['Mon., 01 Jan. 2024 10:00:00 GMT', '2024-01-01T10:00:00.000Z'], // dots
    ['Mon 01 Jan 2024 10:00:00 +0000', '2024-01-01T10:00:00.000Z'], // no comma
    ['Monday, 01-Jan-2024 10:00:00 GMT', '2024-01-01T10:00:00.000Z'], // RFC 850
    ['Sun Nov  6 08:49:37 1994', '1994-11-06T08:49:37.000Z'], // asctime
    ['Wednesday, 1 January 2024', '2024-01-01T00:00:00.000Z'],
    ['Jan 5, 2024 3:04 PM', '2024-01-05T15:04:00.000Z'],
    ['Mon, 01 Jan 2024 10:00:00 A', '2024-01-01T10:00:00.000Z'], // military: RFC 5322 says -0000
    ['Sun, 18 Jul 2010 12:35:00 +0000 GMT', '2010-07-18T12:35:00.000Z'],
  ])('reads broken RFC 822 variants: %s', (input, want) => {
    expect(iso(input)).toBe(want);
  });

  it.each([
    ['2003-12-31T10:14:55Z', '2003-12-31T10:14:55.000Z'],
    ['2003-12-31T10:14:55.123-08:00', '2003-12-31T18:14:55.123Z'],
    ['2003-12-31T10:14:55+0530', '2003-12-31T04:44:55.000Z'],
    ['2003-12-31t10:14:55z', '2003-12-31T10:14:55.000Z'],
    ['2003-12-31 10:14:55', '2003-12-31T10:14:55.000Z'], // space, no zone: UTC
    ['2003-12-31T10:14', '2003-12-31T10:14:00.000Z'],
    ['20031231T101455Z', '2003-12-31T10:14:55.000Z'], // basic format
    ['2003-12-31', '2003-12-31T00:00:00.000Z'],
    ['2003-12', '2003-12-01T00:00:00.000Z'],
    ['2003', '2003-01-01T00:00:00.000Z'],
    ['2020/1/10 14:33:00', '2020-01-10T14:33:00.000Z'],
    ['  2003-12-31T10:14:55Z\n', '2003-12-31T10:14:55.000Z'],
  ])('reads ISO 8601 / W3CDTF: %s', (input, want) => {
    expect(iso(input)).toBe(want);
  });

  it.each([
    ['Di, 15 Okt 2024 10:00:00 +0200', '2024-10-15T08:00:00.000Z'],
    ['mar., 15 oct. 2024 10:00:00 +0200', '2024-10-15T08:00:00.000Z'],
    ['15 de enero de 2024 10:00', '2024-01-15T10:00:00.000Z'],
    ['3 März 2024', '2024-03-03T00:00:00.000Z'],
    ['1 dicembre 2023', '2023-12-01T00:00:00.000Z'],
    ['12 mei 2022', '2022-05-12T00:00:00.000Z'],
    ['2 fevereiro 2021', '2021-02-02T00:00:00.000Z'],
  ])('reads month names in other languages: %s', (input, want) => {
    expect(iso(input)).toBe(want);
  });

  it.each([
    null,
    undefined,
    '',
    'soon',
    'garbage 12',
    'Τρι, 29 Ιού 2004 12:53:00 GMT', // high-bit month name: unknown, so no date
    'Mon, 31 Feb 2024 10:00:00 GMT',
    '2023-02-29',
    '2024-13-01',
    '2004-02-29T25:00:00Z',
    'Mon, 01 Jan 2024 10:61:00 GMT',
    '99999-01-01',
    'x'.repeat(500),
  ])('returns null rather than a wrong or invalid date: %s', (input) => {
    expect(parseDate(input)).toBeNull();
  });

  it('never returns an Invalid Date for arbitrary input', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ['Mon', ',', ' ', '01', '1', '31', 'Jan', 'Feb', '2024', '99', ':', '10:00'];
    pieces.push('+0100', '-', 'T', 'Z', 'GMT', '.', '/', 'é', '\u0000');
    for (let i = 0; i < 5000; i++) {
      let s = '';
      for (let k = next(10); k > 0; k--) s += pieces[next(pieces.length)];
      const d = parseDate(s);
      if (d !== null) expect(Number.isNaN(d.getTime()), s).toBe(false);
    }
  });
});
