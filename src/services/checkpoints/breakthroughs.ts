import { type Channel, channelName, channelsOf } from '../../channels/registry.ts';
import { findScheduleNotify } from '../../db/repos/checkpoints.ts';
import type { App } from '../app.ts';
import { type LedgerEvent, recordEvents } from './ledger.ts';
import type { ActiveRule } from './rules.ts';

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

/**
 * Delivers breakthroughs at once through the rule's channel (default: the user's notice
 * channels) and records each in the ledger: `breakthrough` when at least one channel took it
 * (one interruption), `breakthrough.failed` otherwise.
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
        await app.notifier.send(userId, channel, notice);
        delivered.push(channelName(channel));
      } catch (error) {
        errors.push((error as Error).message);
        app.log.warn(
          { rule: b.rule.id, item: b.itemId, err: error },
          'breakthrough delivery failed',
        );
      }
    }
    if (channels.length === 0)
      errors.push('no channel: the rule has no "deliver" and no notice channel is set');
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
            data: { errors },
          },
    );
  }
  await recordEvents(app.db.kysely, events);
}
