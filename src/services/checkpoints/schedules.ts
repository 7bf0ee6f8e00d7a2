import { z } from 'zod';
import { type Channel, channelsOf, checkChannel, storedChannels } from '../../channels/registry.ts';
import type { Executor } from '../../db/connect.ts';
import { findSchedule, insertScheduleIfMissing, updateSchedule } from '../../db/repos/schedules.ts';
import { updateUser } from '../../db/repos/users.ts';
import type { ScheduleRow, UserRow } from '../../db/schema.ts';
import { parseStoredJson } from '../../db/stored-json.ts';
import { invalid } from '../../domain/errors.ts';
import {
  defaultTimes,
  isTimeZone,
  nextDueAfter,
  normaliseTime,
  type ScheduleSpec,
  WEEKDAYS,
  type Weekday,
} from '../../domain/schedule.ts';
import type { App } from '../app.ts';

/** A user's schedule as `schedule show --json` and `/api/v1/schedule` give it. */
export interface ScheduleView {
  tz: string;
  times: Record<Weekday, string[]>;
  budgetMinutes: number;
  perSourceLimit: number;
  notify: Channel[];
  showWaiting: boolean;
  nextCheckpointAt: string | null;
}

/** The user's schedule row, created with the defaults when missing (no catch-up for the past). */
export async function ensureSchedule(
  db: Executor,
  userId: number,
  now: number,
): Promise<ScheduleRow> {
  const existing = await findSchedule(db, userId);
  if (existing) return existing;
  await insertScheduleIfMissing(db, {
    user_id: userId,
    times: JSON.stringify(defaultTimes()),
    last_due_at: now,
    updated_at: now,
  });
  const created = await findSchedule(db, userId);
  if (!created) throw new Error(`schedule: no schedule for user ${userId} after inserting one`);
  return created;
}

const dayTimes = z.array(z.string());
/** The stored `times` JSON: local times for each weekday. */
const storedTimesSchema = z.object(
  Object.fromEntries(WEEKDAYS.map((day) => [day, dayTimes])) as Record<Weekday, typeof dayTimes>,
);

/** The stored times of a schedule row, checked (a broken row fails here, not later). */
function storedTimes(row: ScheduleRow): Record<Weekday, string[]> {
  return parseStoredJson(storedTimesSchema, row.times, 'schedules.times');
}

/** The schedule maths' view of a row in the user's time zone. */
export function specOf(row: ScheduleRow, tz: string): ScheduleSpec {
  return { tz, times: storedTimes(row) };
}

export function toScheduleView(
  row: ScheduleRow,
  user: Pick<UserRow, 'tz'>,
  now: Date,
): ScheduleView {
  const spec = specOf(row, user.tz);
  return {
    tz: user.tz,
    times: spec.times,
    budgetMinutes: row.budget_minutes,
    perSourceLimit: row.per_source_limit,
    notify: channelsOf(row.notify),
    showWaiting: row.show_waiting === 1,
    nextCheckpointAt: nextDueAfter(spec, now)?.toISOString() ?? null,
  };
}

export async function getSchedule(app: App, user: UserRow): Promise<ScheduleView> {
  const now = app.clock.now();
  return toScheduleView(await ensureSchedule(app.db.kysely, user.id, now.getTime()), user, now);
}

export interface ScheduleChange {
  /** Local times for `days` (all days when `days` is not given); [] clears those days. */
  times?: string[];
  days?: Weekday[];
  /** Times for several days at once (the web form). */
  timesByDay?: Partial<Record<Weekday, string[]>>;
  tz?: string;
  budgetMinutes?: number;
  perSourceLimit?: number;
  /** Replaces the notice channels ([] = none). */
  notify?: Channel[];
  showWaiting?: boolean;
}

/** Sorted distinct times of day, each normalised (`8:00` → `08:00`); a bad one is an error. */
function parseTimes(list: string[]): string[] {
  const times = list.map((t) => {
    const time = normaliseTime(t);
    if (!time)
      throw invalid(
        `schedule: "${t}" is not a time of day; write it like 08:00, 8am, 8:30 pm or 17.00`,
        'error.schedule.time',
        {
          time: t,
        },
      );
    return time;
  });
  return [...new Set(times)].sort();
}

/** The stored times with the change's times applied (checked). */
function changedTimes(row: ScheduleRow, change: ScheduleChange): Record<Weekday, string[]> {
  const times = storedTimes(row);
  if (change.times) {
    const unique = parseTimes(change.times);
    for (const day of change.days ?? WEEKDAYS) times[day] = unique;
  }
  for (const [day, list] of Object.entries(change.timesByDay ?? {}) as [Weekday, string[]][]) {
    times[day] = parseTimes(list);
  }
  return times;
}

/** Checks the rest of a change: time zone, budget, per-source limit, notice channels. */
function checkChange(change: ScheduleChange): void {
  if (change.tz !== undefined && !isTimeZone(change.tz)) {
    throw invalid(
      `schedule: "${change.tz}" is not an IANA time zone like Europe/Amsterdam`,
      'error.timeZone',
      { tz: change.tz },
    );
  }
  if (
    change.budgetMinutes !== undefined &&
    !(change.budgetMinutes >= 1 && change.budgetMinutes <= 600)
  ) {
    throw invalid(
      'schedule: the budget must be between 1 and 600 minutes',
      'error.schedule.budget',
    );
  }
  if (
    change.perSourceLimit !== undefined &&
    !(change.perSourceLimit >= 1 && change.perSourceLimit <= 100)
  ) {
    throw invalid(
      'schedule: the per-source limit must be between 1 and 100',
      'error.schedule.perSource',
    );
  }
  for (const channel of change.notify ?? []) checkChannel(channel, 'notice');
}

/** Changes the schedule (and the user's time zone). Validates everything first. */
export async function setSchedule(
  app: App,
  user: UserRow,
  change: ScheduleChange,
): Promise<ScheduleView> {
  const now = app.clock.now();
  const row = await ensureSchedule(app.db.kysely, user.id, now.getTime());
  const times = changedTimes(row, change);
  checkChange(change);
  // Every channel is kept, several topics and addresses too (`ntfy:A,ntfy:B`).
  const notify = change.notify ? storedChannels(change.notify) : undefined;
  await updateSchedule(app.db.kysely, user.id, {
    times: JSON.stringify(times),
    ...(change.budgetMinutes !== undefined
      ? { budget_minutes: Math.round(change.budgetMinutes) }
      : {}),
    ...(change.perSourceLimit !== undefined
      ? { per_source_limit: Math.round(change.perSourceLimit) }
      : {}),
    ...(notify !== undefined ? { notify } : {}),
    ...(change.showWaiting !== undefined ? { show_waiting: change.showWaiting ? 1 : 0 } : {}),
    updated_at: now.getTime(),
  });
  if (change.tz !== undefined && change.tz !== user.tz) {
    await updateUser(app.db.kysely, user.id, { tz: change.tz });
  }
  const updated = await ensureSchedule(app.db.kysely, user.id, now.getTime());
  return toScheduleView(updated, { tz: change.tz ?? user.tz }, now);
}
