/**
 * True for a real day of the Gregorian calendar written `YYYY-MM-DD` (years 0001–9999):
 * `2026-02-28` yes; `2026-02-31`, `2026-13-01` and `2026-2-1` no.
 *
 * @example isCalendarDate('2024-02-29') // true (a leap year)
 * @example isCalendarDate('2026-02-29') // false
 */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
