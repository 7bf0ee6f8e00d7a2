import { Cron } from 'croner';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** When a user's checkpoints are: local times per weekday in an IANA zone. */
export interface ScheduleSpec {
  tz: string;
  /** "HH:MM" local times per weekday, sorted. */
  times: Record<Weekday, string[]>;
}

/** 08:00, 12:30 and 17:00 on weekdays; 10:00 at weekends. */
export function defaultTimes(): Record<Weekday, string[]> {
  const weekday = ['08:00', '12:30', '17:00'];
  return {
    mon: [...weekday],
    tue: [...weekday],
    wed: [...weekday],
    thu: [...weekday],
    fri: [...weekday],
    sat: ['10:00'],
    sun: ['10:00'],
  };
}

const CRON_DAY: Record<Weekday, number> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
};
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for a valid IANA time zone name. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `8`, `8:30`, `8.30`, `17u`, `17h30`, each with an optional am/pm. */
const CLOCK_TIME = /^(\d{1,2})(?:[:.hu](\d{2})?)?(?: ?([ap])\.?m\.?)?$/;
/** `0800`, `830`, `1230pm`: hours and minutes without a separator. */
const DIGIT_TIME = /^(\d{1,2})(\d{2})(?: ?([ap])\.?m\.?)?$/;

/**
 * Reads a time of day as people type it into "08:00"; null when it is not one or is ambiguous.
 * Accepted: `08:00`, `8:00`, `8`, `8.30`, `0800`, `830`, `17u`, `17h30` (24-hour), and `8am`,
 * `8:30 pm`, `12am` (midnight), `8 a.m.` (12-hour, hours 1–12).
 *
 * @example normaliseTime('8:30 pm') // '20:30'
 */
export function normaliseTime(value: string): string | null {
  const text = value.trim().toLowerCase().replace(/\s+/g, ' ');
  const m = CLOCK_TIME.exec(text) ?? DIGIT_TIME.exec(text);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  if (minute > 59) return null;
  if (m[3]) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (m[3] === 'p' ? 12 : 0);
  }
  const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return TIME.test(time) ? time : null;
}

/**
 * Splits a typed list of times on commas, semicolons and spaces, keeping an am/pm with the time
 * before it.
 *
 * @example splitTimes('8:30 pm, 17:00 9am') // ['8:30 pm', '17:00', '9am']
 */
export function splitTimes(text: string): string[] {
  const times: string[] = [];
  for (const word of text.split(/[,;\s]+/).filter(Boolean)) {
    if (/^[ap]\.?m\.?$/i.test(word) && times.length) times.push(`${times.pop()} ${word}`);
    else times.push(word);
  }
  return times;
}

/**
 * Parses a day list like `mon-fri`, `sat,sun`, `daily`, `weekdays`, `weekends`.
 *
 * @example parseDays('mon-wed,fri') // ['mon', 'tue', 'wed', 'fri']
 */
export function parseDays(value: string): Weekday[] | null {
  const text = value.trim().toLowerCase();
  if (text === 'daily' || text === 'all' || text === 'every') return [...WEEKDAYS];
  if (text === 'weekdays') return ['mon', 'tue', 'wed', 'thu', 'fri'];
  if (text === 'weekends') return ['sat', 'sun'];
  const days = new Set<Weekday>();
  for (const part of text.split(',')) {
    const [from, to] = part
      .trim()
      .split('-')
      .map((d) => d.slice(0, 3) as Weekday);
    const start = WEEKDAYS.indexOf(from as Weekday);
    const end = to === undefined ? start : WEEKDAYS.indexOf(to);
    if (start < 0 || end < 0) return null;
    for (let i = start; ; i = (i + 1) % 7) {
      days.add(WEEKDAYS[i]!);
      if (i === end) break;
    }
  }
  return WEEKDAYS.filter((d) => days.has(d));
}

function crons(spec: ScheduleSpec): Cron[] {
  const byTime = new Map<string, number[]>();
  for (const day of WEEKDAYS) {
    for (const time of spec.times[day]) {
      const list = byTime.get(time) ?? [];
      list.push(CRON_DAY[day]);
      byTime.set(time, list);
    }
  }
  return [...byTime].map(([time, days]) => {
    const [hh, mm] = time.split(':');
    // A fixed-time pattern: in a DST gap it runs at the first valid time after the gap, and a
    // time that occurs twice (DST end) runs once (croner's fixed-time rule).
    return new Cron(`${Number(mm)} ${Number(hh)} * * ${days.sort().join(',')}`, {
      timezone: spec.tz,
      paused: true,
      mode: '5-part',
    });
  });
}

/** The first checkpoint strictly after `after`, or null when the schedule is empty. */
export function nextDueAfter(spec: ScheduleSpec, after: Date): Date | null {
  let best: Date | null = null;
  for (const cron of crons(spec)) {
    const next = cron.nextRun(after);
    if (next && next.getTime() > after.getTime() && (!best || next < best)) best = next;
  }
  return best;
}

/**
 * The latest checkpoint time in `(after, at]`, or null. When the process was down over
 * several checkpoints this is the one catch-up checkpoint to build (not a burst).
 */
export function latestDueBetween(spec: ScheduleSpec, after: Date, at: Date): Date | null {
  let best: Date | null = null;
  for (const cron of crons(spec)) {
    const [previous] = cron.previousRuns(1, new Date(at.getTime() + 1000));
    if (previous && previous > after && previous <= at && (!best || previous > best))
      best = previous;
  }
  return best;
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(at: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The local weekday of an instant in a zone. */
export function localWeekday(at: Date, tz: string): Weekday {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short' })
    .format(at)
    .toLowerCase();
  return name.slice(0, 3) as Weekday;
}

/** The local "HH:MM" of an instant in a zone. */
export function localTime(at: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** How far a zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function zoneOffsetAt(instant: number, tz: string): number {
  let format = offsetFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    // Building a formatter costs far more than using one: imports convert thousands of times.
    offsetFormats.set(tz, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return (
    Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) -
    instant
  );
}

/**
 * The instant of a wall-clock time in a zone (no zone or `UTC`: the time is UTC). Handles DST
 * by correcting the offset once.
 *
 * @example zonedTime(2024, 1, 31, 23, 59, 0, 'Europe/Berlin').toISOString() // '2024-01-31T22:59:00.000Z'
 */
export function zonedTime(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  tz: string | null | undefined,
): Date {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (!tz || tz === 'UTC') return new Date(wall);
  let instant = wall - zoneOffsetAt(wall, tz);
  instant = wall - zoneOffsetAt(instant, tz);
  return new Date(instant);
}

/**
 * The instant a local date starts in a zone (for ledger day boundaries).
 *
 * @example zonedMidnight('2026-03-29', 'Europe/Amsterdam').toISOString() // '2026-03-28T23:00:00.000Z'
 */
export function zonedMidnight(date: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return zonedTime(y, m, d, 0, 0, 0, tz);
}

/** Is `due` the first checkpoint of its local day? (cadence "daily") */
export function isFirstOfDay(spec: ScheduleSpec, due: Date): boolean {
  const day = localWeekday(due, spec.tz);
  const first = spec.times[day][0];
  return first !== undefined && localTime(due, spec.tz) <= first;
}
