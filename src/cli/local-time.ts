/**
 * An instant as the terminal shows it: date and time in the user's own zone (the zone of their
 * settings, as the web app shows it), never UTC.
 *
 * @example localStamp('2026-12-02T16:00:00.000Z', 'Europe/Amsterdam') // '2026-12-02 17:00'
 */
export function localStamp(iso: string | null, tz: string): string {
  if (!iso) return '—';
  const parts = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: tz,
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
