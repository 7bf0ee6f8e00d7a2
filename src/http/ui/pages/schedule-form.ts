/**
 * The schedule form's values as typed and what is wrong with each field: a mistake keeps what
 * the user typed and says, beside the field, what it expects (with an example), instead of
 * resetting the form or leaving it to the browser's generic message.
 */
import { type Channel, checkChannel } from '../../../channels/registry.ts';
import { CheckpointError } from '../../../domain/errors.ts';
import {
  isTimeZone,
  normaliseTime,
  splitTimes,
  WEEKDAYS,
  type Weekday,
} from '../../../domain/schedule.ts';
import type { ScheduleView } from '../../../services/checkpoints/schedules.ts';
import { errorText, type Translate } from '../i18n/index.ts';

/** The form's fields as text, the way they are shown (and kept after a mistake). */
export interface ScheduleFormValues {
  times: Record<Weekday, string>;
  tz: string;
  budget: string;
  perSource: string;
  ntfy: string;
  email: string;
  webpush: boolean;
  showWaiting: boolean;
}

/** A message per field name (`times-mon`, `tz`, `budget`, `perSource`, `ntfy`, `email`). */
export type FieldErrors = Record<string, string>;

/** The checked form: what to save. */
export interface ScheduleFormChange {
  timesByDay: Record<Weekday, string[]>;
  tz: string;
  budgetMinutes: number;
  perSourceLimit: number;
  notify: Channel[];
  showWaiting: boolean;
}

/** The form's values for a saved schedule (its first ntfy topic and address in the fields). */
export function valuesOf(schedule: ScheduleView): ScheduleFormValues {
  const ntfy = schedule.notify.find((ch): ch is { ntfy: string } => 'ntfy' in ch);
  const email = schedule.notify.find((ch): ch is { email: string } => 'email' in ch);
  return {
    times: Object.fromEntries(
      WEEKDAYS.map((day) => [day, schedule.times[day].join(', ')]),
    ) as Record<Weekday, string>,
    tz: schedule.tz,
    budget: String(schedule.budgetMinutes),
    perSource: String(schedule.perSourceLimit),
    ntfy: ntfy?.ntfy ?? '',
    email: email?.email ?? '',
    webpush: schedule.notify.some((ch) => 'webpush' in ch),
    showWaiting: schedule.showWaiting,
  };
}

/** The posted form as typed (trimmed). */
export function readForm(body: Record<string, unknown>, fallbackTz: string): ScheduleFormValues {
  const get = (name: string) =>
    typeof body[name] === 'string' ? (body[name] as string).trim() : '';
  return {
    times: Object.fromEntries(WEEKDAYS.map((day) => [day, get(`times-${day}`)])) as Record<
      Weekday,
      string
    >,
    tz: get('tz') || fallbackTz,
    budget: get('budget') || '15',
    perSource: get('perSource') || '3',
    ntfy: get('ntfy'),
    email: get('email'),
    webpush: body.webpush === 'on',
    showWaiting: body.showWaiting === 'on',
  };
}

/** A whole number from `min` to `max`, or null. */
function count(text: string, min: number, max: number): number | null {
  const value = Number(text);
  return /^\d+$/.test(text) && value >= min && value <= max ? value : null;
}

/** One channel field checked: its message when the channel is not usable. */
function channelError(channel: Channel, t: Translate): string | null {
  try {
    checkChannel(channel, 'schedule');
    return null;
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    return errorText(t, error);
  }
}

/**
 * Checks every field; `others` are the channels the form does not show (kept as they are).
 *
 * @example checkForm(readForm(body, 'UTC'), [], t).errors['times-mon'] // for "8 o'clock"
 */
export function checkForm(
  values: ScheduleFormValues,
  others: Channel[],
  t: Translate,
): { change: ScheduleFormChange | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const timesByDay = {} as Record<Weekday, string[]>;
  for (const day of WEEKDAYS) {
    const typed = splitTimes(values.times[day]);
    const bad = typed.find((time) => normaliseTime(time) === null);
    if (bad !== undefined) errors[`times-${day}`] = t('schedule.timesInvalid', { value: bad });
    timesByDay[day] = typed.map((time) => normaliseTime(time) ?? time);
  }
  if (!isTimeZone(values.tz)) errors.tz = t('schedule.tzInvalid', { value: values.tz });
  const budgetMinutes = count(values.budget, 1, 600);
  if (budgetMinutes === null) errors.budget = t('schedule.budgetInvalid');
  const perSourceLimit = count(values.perSource, 1, 100);
  if (perSourceLimit === null) errors.perSource = t('error.schedule.perSource');
  const notify: Channel[] = [];
  if (values.ntfy) notify.push({ ntfy: values.ntfy });
  if (values.email) notify.push({ email: values.email });
  for (const [field, channel] of [
    ['ntfy', { ntfy: values.ntfy }],
    ['email', { email: values.email }],
  ] as const) {
    const message = values[field] ? channelError(channel, t) : null;
    if (message) errors[field] = message;
  }
  if (values.webpush) notify.push({ webpush: true });
  notify.push(...others);
  if (Object.keys(errors).length || budgetMinutes === null || perSourceLimit === null)
    return { change: null, errors };
  const change = {
    timesByDay,
    tz: values.tz,
    budgetMinutes,
    perSourceLimit,
    notify,
    showWaiting: values.showWaiting,
  };
  return { change, errors };
}
