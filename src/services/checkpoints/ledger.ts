import { z } from 'zod';
import type { Executor } from '../../db/connect.ts';
import { insertLedgerEvents, listLedgerEvents } from '../../db/repos/ledger-events.ts';
import { listSparedItems } from '../../db/repos/ledger-items.ts';
import { parseStoredJson } from '../../db/stored-json.ts';
import { isCalendarDate } from '../../domain/calendar-date.ts';
import { ValidationError } from '../../domain/errors.ts';
import { localDate, zonedMidnight } from '../../domain/schedule.ts';
import type { App } from '../app.ts';

/** Ledger event types (append-only; the daily figures derive from them). */
export type LedgerType =
  | 'held'
  | 'breakthrough'
  /** Reserved against the rule's hourly cap in the ingest transaction, before delivery. */
  | 'breakthrough.allowed'
  | 'breakthrough.held'
  | 'breakthrough.failed'
  | 'checkpoint.built'
  | 'checkpoint.notice'
  | 'checkpoint.opened'
  | 'checkpoint.done'
  | 'pull'
  | 'item.read'
  | 'item.dismissed'
  /** The user dismissed the checkpoint page's list of undelivered breakthroughs. */
  | 'undelivered.dismissed';

export interface LedgerEvent {
  userId: number;
  at: number;
  type: LedgerType;
  itemId?: number | null;
  checkpointId?: number | null;
  ruleId?: number | null;
  /** How many things the event stands for (a `held` event covers a whole batch). */
  count?: number;
  data?: Record<string, unknown>;
}

/** Appends events to the ledger. */
export async function recordEvents(db: Executor, events: readonly LedgerEvent[]): Promise<void> {
  await insertLedgerEvents(
    db,
    events.map((e) => ({
      user_id: e.userId,
      at: e.at,
      type: e.type,
      item_id: e.itemId ?? null,
      checkpoint_id: e.checkpointId ?? null,
      rule_id: e.ruleId ?? null,
      count: e.count ?? 1,
      data: JSON.stringify(e.data ?? {}),
    })),
  );
}

/** The `data` of a `held` event: how many of the batch's items would have pushed. */
const heldDataSchema = z.object({ wouldPush: z.number().optional() });

/** One day of the ledger (DESIGN.md "Ledger"). */
export interface LedgerDay {
  date: string;
  pushesReceived: number;
  breakthroughs: number;
  checkpointNotices: number;
  interruptions: number;
  interruptionsSpared: number;
  checkpointsBuilt: number;
  checkpointsOpened: number;
  pullsBetween: number;
  itemsRead: number;
  itemsDismissed: number;
  /** Breakthroughs no channel could deliver: not spared, not an interruption (Invariant 5). */
  breakthroughsUndelivered: number;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function emptyDay(date: string): LedgerDay {
  return {
    date,
    pushesReceived: 0,
    breakthroughs: 0,
    checkpointNotices: 0,
    interruptions: 0,
    interruptionsSpared: 0,
    checkpointsBuilt: 0,
    checkpointsOpened: 0,
    pullsBetween: 0,
    itemsRead: 0,
    itemsDismissed: 0,
    breakthroughsUndelivered: 0,
  };
}

/** Adds one stored event to its day's figures (types the figures do not count are skipped). */
function countEvent(day: LedgerDay, row: { type: string; count: number; data: string }): void {
  switch (row.type) {
    case 'held':
      day.pushesReceived +=
        parseStoredJson(heldDataSchema, row.data, 'ledger_events.data').wouldPush ?? 0;
      break;
    case 'breakthrough':
      day.breakthroughs += row.count;
      break;
    case 'breakthrough.failed':
      day.breakthroughsUndelivered += row.count;
      break;
    case 'checkpoint.notice':
      day.checkpointNotices += row.count;
      break;
    case 'checkpoint.built':
      day.checkpointsBuilt += row.count;
      break;
    case 'checkpoint.opened':
      day.checkpointsOpened += row.count;
      break;
    case 'pull':
      day.pullsBetween += row.count;
      break;
    case 'item.read':
      day.itemsRead += row.count;
      break;
    case 'item.dismissed':
      day.itemsDismissed += row.count;
      break;
  }
}

/**
 * Daily rows from `from` to `to` (inclusive, dates in the user's zone). interruptions =
 * breakthroughs + checkpoint notices; interruptionsSpared = pushes received − breakthroughs −
 * breakthroughs undelivered (DESIGN.md "Ledger": a notice is not a push that was let through,
 * and an undelivered breakthrough was not spared — it was lost).
 */
export async function ledgerDays(
  app: App,
  user: { id: number; tz: string },
  from: string,
  to: string,
): Promise<LedgerDay[]> {
  for (const date of [from, to]) {
    if (!isCalendarDate(date))
      throw new ValidationError(`ledger: "${date}" is not a day like 2026-03-02`);
  }
  if (from > to) throw new ValidationError('ledger: --from must not be after --to');
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    days.push(d);
    if (days.length > 3660) throw new ValidationError('ledger: at most ten years at once');
  }
  const start = zonedMidnight(from, user.tz).getTime();
  const end = zonedMidnight(addDays(to, 1), user.tz).getTime();
  const rows = await listLedgerEvents(app.db.kysely, user.id, start, end);
  const byDay = new Map<string, LedgerDay>(days.map((date) => [date, emptyDay(date)]));
  for (const row of rows) {
    const day = byDay.get(localDate(new Date(row.at), user.tz));
    if (day) countEvent(day, row);
  }
  return days.map((date) => {
    const day = byDay.get(date)!;
    day.interruptions = day.breakthroughs + day.checkpointNotices;
    day.interruptionsSpared = day.pushesReceived - day.breakthroughs - day.breakthroughsUndelivered;
    return day;
  });
}

/** Today and the six days before it, in the user's zone. */
export function lastWeek(now: Date, tz: string): { from: string; to: string } {
  const to = localDate(now, tz);
  return { from: addDays(to, -6), to };
}

/** An item the ledger counted as spared. */
export interface SparedItem {
  id: number;
  title: string | null;
  url: string | null;
  receivedAt: string;
  sourceName: string;
}

/**
 * The items one day's `interruptionsSpared` counts: would-push items that arrived that day (in
 * the user's zone) and neither broke through nor failed to; newest first, at most `limit`.
 *
 * @example await sparedItems(app, user, '2026-03-02')
 */
export async function sparedItems(
  app: App,
  user: { id: number; tz: string },
  date: string,
  limit = 200,
): Promise<SparedItem[]> {
  if (!isCalendarDate(date))
    throw new ValidationError(`ledger: "${date}" is not a day like 2026-03-02`);
  const start = zonedMidnight(date, user.tz).getTime();
  const end = zonedMidnight(addDays(date, 1), user.tz).getTime();
  const rows = await listSparedItems(app.db.kysely, user.id, start, end, limit);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    url: r.url,
    receivedAt: new Date(r.received_at).toISOString(),
    sourceName: r.source_name,
  }));
}
