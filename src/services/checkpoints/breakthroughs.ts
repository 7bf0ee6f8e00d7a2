import { z } from 'zod';
import { type Channel, channelName, channelsOf } from '../../channels/registry.ts';
import { findScheduleNotify } from '../../db/repos/checkpoints.ts';
import {
  lastLedgerEventAt,
  listFailedBreakthroughsOf,
  listUndeliveredBreakthroughs,
} from '../../db/repos/ledger-items.ts';
import { parseStoredJson } from '../../db/stored-json.ts';
import type { ScorePart } from '../../domain/ranking.ts';
import type { App } from '../app.ts';
import { sendRecorded } from './channel-health.ts';
import { type LedgerEvent, recordEvents } from './ledger.ts';
import { type ActiveRule, listRules } from './rules.ts';

/** A new item a breakthrough rule lets interrupt the user. */
export interface Breakthrough {
  itemId: number;
  rule: ActiveRule;
  title: string | null;
  summary: string | null;
  url: string | null;
  priority: number;
  sourceName: string;
}

/** The user's checkpoint notice channels (the schedule's `--notify`). */
export async function noticeChannels(app: App, userId: number): Promise<Channel[]> {
  const notify = await findScheduleNotify(app.db.kysely, userId);
  return notify === undefined ? [] : channelsOf(notify);
}

/** Why a breakthrough with no channel reached no one (kept in its `breakthrough.failed` event). */
export const NO_CHANNEL = 'no channel: the rule has no "deliver" and no notice channel is set';

/**
 * Delivers breakthroughs at once through the rule's channel (default: the user's notice
 * channels) and records each in the ledger: `breakthrough` when at least one channel took it
 * (one interruption), `breakthrough.failed` otherwise — with the rule's name and why, so that
 * the checkpoint page shows it at once and the ledger counts it as undelivered, never as
 * spared (DESIGN.md Invariant 5). Each channel's outcome is kept for the warnings.
 */
export async function deliverBreakthroughs(
  app: App,
  userId: number,
  list: readonly Breakthrough[],
): Promise<void> {
  const defaults = list.some((b) => !b.rule.spec.deliver) ? await noticeChannels(app, userId) : [];
  const events: LedgerEvent[] = [];
  for (const b of list) {
    const channels: Channel[] = b.rule.spec.deliver ? [b.rule.spec.deliver as Channel] : defaults;
    const notice = {
      kind: 'breakthrough' as const,
      title: b.title ?? `From ${b.sourceName}`,
      body: b.summary ?? b.title ?? '',
      url: b.url ?? `${app.config.baseUrl}/items/${b.itemId}`,
      priority: b.priority,
      tags: ['checkpoint', 'breakthrough'],
    };
    const delivered: string[] = [];
    const errors: string[] = [];
    for (const channel of channels) {
      try {
        await sendRecorded(app, userId, channel, notice);
        delivered.push(channelName(channel));
      } catch (error) {
        errors.push((error as Error).message);
        app.log.warn(
          { rule: b.rule.id, item: b.itemId, err: error },
          'breakthrough delivery failed',
        );
      }
    }
    if (channels.length === 0) errors.push(NO_CHANNEL);
    const at = app.clock.now().getTime();
    events.push(
      delivered.length
        ? {
            userId,
            at,
            type: 'breakthrough',
            itemId: b.itemId,
            ruleId: b.rule.id,
            data: { channels: delivered },
          }
        : {
            userId,
            at,
            type: 'breakthrough.failed',
            itemId: b.itemId,
            ruleId: b.rule.id,
            data: { errors, rule: b.rule.spec.name, channels: channels.map(channelName) },
          },
    );
  }
  await recordEvents(app.db.kysely, events);
}

/** A breakthrough no channel delivered, as the checkpoint page lists it. */
export interface UndeliveredBreakthrough {
  itemId: number;
  title: string | null;
  url: string | null;
  sourceName: string;
  at: string;
  ruleName: string | null;
  /** No channel at all (`none`), or the channels' errors (`failed`, with `errors`). */
  problem: 'none' | 'failed';
  errors: string[];
}

const failedDataSchema = z.object({
  errors: z.array(z.string()).optional(),
  rule: z.string().optional(),
});

/**
 * The breakthroughs that could not be delivered since the user last dismissed the list
 * (newest first, at most `limit`): the checkpoint page shows them at once (Invariant 5).
 *
 * @example const missed = await undeliveredBreakthroughs(app, user.id)
 */
export async function undeliveredBreakthroughs(
  app: App,
  userId: number,
  limit = 20,
): Promise<UndeliveredBreakthrough[]> {
  const db = app.db.kysely;
  const since = await lastLedgerEventAt(db, userId, 'undelivered.dismissed');
  const rows = await listUndeliveredBreakthroughs(db, userId, since, limit);
  const names = new Map((await listRules(app, userId)).map((r) => [r.id, r.name]));
  return rows.map((row) => {
    const data = parseStoredJson(failedDataSchema, row.data, 'ledger_events.data');
    const errors = (data.errors ?? []).filter((e) => e !== NO_CHANNEL);
    return {
      itemId: row.id,
      title: row.title,
      url: row.url,
      sourceName: row.source_name,
      at: new Date(row.at).toISOString(),
      ruleName: data.rule ?? (row.rule_id === null ? null : (names.get(row.rule_id) ?? null)),
      problem: errors.length === 0 ? 'none' : 'failed',
      errors,
    };
  });
}

/** The user has seen the list of undelivered breakthroughs: it starts empty again. */
export async function dismissUndelivered(app: App, userId: number): Promise<void> {
  await recordEvents(app.db.kysely, [
    { userId, at: app.clock.now().getTime(), type: 'undelivered.dismissed' },
  ]);
}

/**
 * Adds to "Why is this here?" of each item whose breakthrough reached no one a reason naming
 * the rule (no points: it explains, it does not rank): "Rule “X” would have broken through,
 * but it has no channel" / "but delivery failed: …".
 *
 * @example const items = await explainUndelivered(app, digestItems)
 */
export async function explainUndelivered<T extends { id: number; parts: ScorePart[] }>(
  app: App,
  items: T[],
): Promise<T[]> {
  const failed = await listFailedBreakthroughsOf(
    app.db.kysely,
    items.map((i) => i.id),
  );
  if (failed.length === 0) return items;
  const byItem = new Map(failed.map((f) => [f.item_id, f]));
  return items.map((item) => {
    const event = byItem.get(item.id);
    if (!event) return item;
    const data = parseStoredJson(failedDataSchema, event.data, 'ledger_events.data');
    const rule = data.rule ?? 'a breakthrough rule';
    const errors = (data.errors ?? []).filter((e) => e !== NO_CHANNEL);
    const part: ScorePart = errors.length
      ? {
          part: 'rules',
          points: 0,
          why: `rule "${rule}" would have broken through, but delivery failed: ${errors.join('; ')}`,
          key: 'why.breakthroughFailed',
          params: { rule, error: errors.join('; ') },
        }
      : {
          part: 'rules',
          points: 0,
          why: `rule "${rule}" would have broken through, but it has no channel`,
          key: 'why.breakthroughNoChannel',
          params: { rule },
        };
    return { ...item, parts: [...item.parts, part] };
  });
}
