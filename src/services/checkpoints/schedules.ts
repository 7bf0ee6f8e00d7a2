import type { Executor } from '../../db/connect.ts';
import type { ScheduleRow, UserRow } from '../../db/schema.ts';
import { invalid, ValidationError } from '../../domain/errors.ts';
import { type Channel, channelsOf, storedChannels, validateChannel } from '../../domain/notice.ts';
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
  const existing = await db
    .selectFrom('schedules')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (existing) return existing;
  await db
    .insertInto('schedules')
    .values({
      user_id: userId,
      times: JSON.stringify(defaultTimes()),
      last_due_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  return await db
    .selectFrom('schedules')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
}

export function specOf(row: ScheduleRow, tz: string): ScheduleSpec {
  return { tz, times: JSON.parse(row.times) as Record<Weekday, string[]> };
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

/**
 * Parses `--notify ntfy:URL,email:ADDRESS,webpush` (or `none`); a kind may come several times
 * (`ntfy:A,ntfy:B,email:a@x,email:b@x`) and every channel is kept.
 *
 * @example parseNotify('ntfy:https://ntfy.sh/x,webpush') // [{ ntfy: 'https://ntfy.sh/x' }, { webpush: true }]
 */
export function parseNotify(value: string): Channel[] {
  const text = value.trim();
  if (text === '' || text === 'none') return [];
  const out: Channel[] = [];
  // Split on commas that start a new channel, so that URLs may contain commas.
  for (const part of text.split(/,(?=\s*(?:ntfy:|email:|webpush\b))/)) {
    const token = part.trim();
    if (token === 'webpush') out.push({ webpush: true });
    else if (token.startsWith('ntfy:')) {
      const url = token.slice(5);
      if (!/^https?:\/\/\S+$/.test(url))
        throw invalid(
          `schedule: ntfy needs an http(s) topic URL (got "${url}")`,
          'error.schedule.ntfy',
          { url },
        );
      out.push({ ntfy: url });
    } else if (token.startsWith('email:')) {
      const address = token.slice(6);
      if (!/^[^\s@]+@[^\s@]+$/.test(address))
        throw invalid(`schedule: "${address}" is not an e-mail address`, 'error.email', {
          address,
        });
      out.push({ email: address });
    } else {
      throw new ValidationError(
        `schedule: unknown notice channel "${token}" (use ntfy:URL, email:ADDRESS, webpush or none)`,
      );
    }
  }
  return out;
}

/** Changes the schedule (and the user's time zone). Validates everything first. */
export async function setSchedule(
  app: App,
  user: UserRow,
  change: ScheduleChange,
): Promise<ScheduleView> {
  const now = app.clock.now();
  const row = await ensureSchedule(app.db.kysely, user.id, now.getTime());
  const times = JSON.parse(row.times) as Record<Weekday, string[]>;
  const parseTimes = (list: string[]) =>
    [
      ...new Set(
        list.map((t) => {
          const time = normaliseTime(t);
          if (!time)
            throw invalid(
              `schedule: "${t}" is not a time of day like 08:00`,
              'error.schedule.time',
              {
                time: t,
              },
            );
          return time;
        }),
      ),
    ].sort();
  if (change.times) {
    const unique = parseTimes(change.times);
    for (const day of change.days ?? WEEKDAYS) times[day] = unique;
  }
  for (const [day, list] of Object.entries(change.timesByDay ?? {}) as [Weekday, string[]][]) {
    times[day] = parseTimes(list);
  }
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
  for (const channel of change.notify ?? []) validateChannel(channel);
  // Every channel is kept, several topics and addresses too (`ntfy:A,ntfy:B`).
  const notify = change.notify ? storedChannels(change.notify) : undefined;
  await app.db.kysely
    .updateTable('schedules')
    .set({
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
    })
    .where('user_id', '=', user.id)
    .execute();
  if (change.tz !== undefined && change.tz !== user.tz) {
    await app.db.kysely
      .updateTable('users')
      .set({ tz: change.tz })
      .where('id', '=', user.id)
      .execute();
  }
  const updated = await ensureSchedule(app.db.kysely, user.id, now.getTime());
  return toScheduleView(updated, { tz: change.tz ?? user.tz }, now);
}
