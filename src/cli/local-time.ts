/** Instants as the terminal shows them: in the user's own zone (as the web app does), never UTC. */

type Part = (type: Intl.DateTimeFormatPartTypes) => string;

/** The named parts of `date` in zone `tz` (en-GB, 24-hour), for building a fixed layout. */
function zonedParts(date: Date, tz: string, fields: Intl.DateTimeFormatOptions): Part {
  const parts = new Intl.DateTimeFormat('en-GB', {
    ...fields,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: tz,
  }).formatToParts(date);
  return (type) => parts.find((p) => p.type === type)?.value ?? '';
}

/**
 * A stamp for tables: date and time in the user's zone.
 *
 * @example localStamp('2026-12-02T16:00:00.000Z', 'Europe/Amsterdam') // '2026-12-02 17:00'
 */
export function localStamp(iso: string | null, tz: string): string {
  if (!iso) return '—';
  const part = zonedParts(new Date(iso), tz, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/**
 * A due time as the user reads it: their own zone, named, so that nobody converts from UTC.
 * Dates of another year show it, as in the web app.
 *
 * @example localDue('2026-12-02T16:00:00.000Z', 'Europe/Amsterdam') // 'Wed 2 Dec 17:00 (Europe/Amsterdam)'
 */
export function localDue(iso: string, tz: string, now = new Date()): string {
  const date = new Date(iso);
  const fields = { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' } as const;
  const part = zonedParts(date, tz, fields);
  const otherYear = part('year') !== zonedParts(now, tz, fields)('year');
  const day = `${part('day')} ${part('month')}${otherYear ? ` ${part('year')}` : ''}`;
  return `${part('weekday')} ${day} ${part('hour')}:${part('minute')} (${tz})`;
}
