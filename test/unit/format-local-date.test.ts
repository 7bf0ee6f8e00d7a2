import { describe, expect, it } from 'vitest';
import { formatLocalDate } from '../../src/lib/dates.ts';

describe('formatLocalDate', () => {
  const now = new Date('2026-03-02T08:00:00Z');

  it('leaves the year out for this year and shows it for others, in English and Dutch', () => {
    const en = (iso: string) => formatLocalDate(iso, { tz: 'UTC', locale: 'en-GB', now });
    const nl = (iso: string) => formatLocalDate(iso, { tz: 'UTC', locale: 'nl-NL', now });
    expect(en('2026-01-15T09:30:00Z')).toBe('15 Jan, 09:30');
    expect(en('2016-05-01T10:00:00Z')).toBe('1 May 2016, 10:00');
    expect(nl('2025-11-02T10:00:00Z')).toBe('2 nov 2025, 10:00');
  });

  it('decides "this year" in the reader’s zone, and can name the weekday', () => {
    // 31 Dec 2025 23:30 UTC is already 2026 in Amsterdam, still 2025 in New York.
    const lateDecember = '2025-12-31T23:30:00Z';
    expect(formatLocalDate(lateDecember, { tz: 'Europe/Amsterdam', locale: 'en-GB', now })).toBe(
      '1 Jan, 00:30',
    );
    expect(formatLocalDate(lateDecember, { tz: 'America/New_York', locale: 'en-GB', now })).toBe(
      '31 Dec 2025, 18:30',
    );
    expect(
      formatLocalDate('2026-03-02T11:30:00Z', {
        tz: 'Europe/Amsterdam',
        locale: 'en-GB',
        now,
        weekday: true,
      }),
    ).toBe('Monday 2 Mar, 12:30');
  });
});
