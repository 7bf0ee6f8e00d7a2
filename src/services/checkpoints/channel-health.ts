import {
  type Channel,
  channelLabel,
  channelSpec,
  channelsOf,
  checkChannel,
} from '../../channels/registry.ts';
import { listChannelOutcomes, saveChannelOutcome } from '../../db/repos/channel-outcomes.ts';
import { findScheduleNotify } from '../../db/repos/checkpoints.ts';
import { listPushSubscriptions } from '../../db/repos/push-subscriptions.ts';
import type { Notice } from '../../domain/notice.ts';
import type { App } from '../app.ts';
import { activeRules, getRule, type RuleView, updateRule } from './rules.ts';

/**
 * Why a rule or the schedule's notice may not reach anyone (DESIGN.md Invariant 5):
 * `none` — a breakthrough rule without `deliver` while the schedule has no notice channel;
 * `noBrowser` — Web Push is chosen but no browser has subscribed;
 * `failed` — the channel's last delivery failed (`error` says why).
 */
export type ChannelProblemKind = 'none' | 'noBrowser' | 'failed';

/** One warning: whose channel (a rule's or the schedule's), which one, and what is wrong. */
export interface ChannelWarning {
  subject: 'rule' | 'schedule';
  ruleId: number | null;
  ruleName: string | null;
  problem: ChannelProblemKind;
  /** How `schedule show` names the channel (`ntfy https://…`); null for `none`. */
  channel: string | null;
  error: string | null;
  /** When the failed delivery was (epoch ms); null unless `failed`. */
  at: number | null;
  /** The warning in English (CLI, logs). */
  message: string;
}

/**
 * Keeps the outcome of one send as its channel's last (`error` null for success), so that the
 * pages and `rule list` can warn about a channel that does not work before the next urgent push.
 */
export async function recordChannelOutcome(
  app: App,
  userId: number,
  channel: Channel,
  error: string | null,
): Promise<void> {
  const key = channelSpec(channel).key(channel);
  await saveChannelOutcome(app.db.kysely, userId, key, error, app.clock.now().getTime());
}

/**
 * Sends one notice and records how it went; throws what the channel threw.
 *
 * @example await sendRecorded(app, user.id, { ntfy: 'https://ntfy.sh/me' }, notice)
 */
export async function sendRecorded(
  app: App,
  userId: number,
  channel: Channel,
  notice: Notice,
): Promise<void> {
  try {
    await app.notifier.send(userId, channel, notice);
  } catch (error) {
    await recordChannelOutcome(app, userId, channel, (error as Error).message);
    throw error;
  }
  await recordChannelOutcome(app, userId, channel, null);
}

function describe(w: Omit<ChannelWarning, 'message'>): string {
  const who = w.subject === 'rule' ? `Rule "${w.ruleName}"` : 'The checkpoint notice';
  if (w.problem === 'none')
    return `${who} may break through but has no channel: urgent items will reach no one (give the rule a channel, or set the schedule's notice channels)`;
  if (w.problem === 'noBrowser')
    return `${who} sends Web Push, but no browser has subscribed (turn it on on the Schedule page)`;
  return `${who}: the last delivery through ${w.channel} failed (${w.error})`;
}

/** The warnings of one list of channels, for one subject. */
function warningsOf(
  base: Pick<ChannelWarning, 'subject' | 'ruleId' | 'ruleName'>,
  channels: readonly Channel[],
  state: {
    browsers: number;
    outcomes: Map<string, { ok: number; error: string | null; at: number }>;
  },
): ChannelWarning[] {
  const found: Omit<ChannelWarning, 'message'>[] = [];
  for (const channel of channels) {
    const outcome = state.outcomes.get(channelSpec(channel).key(channel));
    const label = channelLabel(channel);
    if ('webpush' in channel && state.browsers === 0) {
      found.push({ ...base, problem: 'noBrowser', channel: label, error: null, at: null });
    } else if (outcome && outcome.ok === 0) {
      const error = outcome.error ?? 'unknown error';
      found.push({ ...base, problem: 'failed', channel: label, error, at: outcome.at });
    }
  }
  return found.map((w) => ({ ...w, message: describe(w) }));
}

/**
 * What may keep an interruption the user asked for from reaching them: every enabled
 * breakthrough rule without a channel (no `deliver` and no notice channel) or with a channel
 * that does not work, and every notice channel of the schedule that does not work.
 *
 * @example for (const w of await channelHealth(app, user.id)) console.log(w.message)
 */
export async function channelHealth(app: App, userId: number): Promise<ChannelWarning[]> {
  const db = app.db.kysely;
  const [rules, notifyJson, outcomeRows, browsers] = await Promise.all([
    activeRules(db, userId),
    findScheduleNotify(db, userId),
    listChannelOutcomes(db, userId),
    listPushSubscriptions(db, userId),
  ]);
  const notify = notifyJson === undefined ? [] : channelsOf(notifyJson);
  const state = {
    browsers: browsers.length,
    outcomes: new Map(outcomeRows.map((o) => [o.channel_key, o])),
  };
  const warnings: ChannelWarning[] = [];
  for (const rule of rules) {
    if (rule.spec.action !== 'breakthrough') continue;
    const base = { subject: 'rule' as const, ruleId: rule.id, ruleName: rule.spec.name };
    if (rule.spec.deliver) {
      warnings.push(...warningsOf(base, [rule.spec.deliver as Channel], state));
    } else if (notify.length === 0) {
      const w = { ...base, problem: 'none' as const, channel: null, error: null, at: null };
      warnings.push({ ...w, message: describe(w) });
    }
  }
  // A rule without `deliver` uses the notice channels: their problems are told once, as the
  // schedule's, not again for every such rule.
  warnings.push(
    ...warningsOf({ subject: 'schedule', ruleId: null, ruleName: null }, notify, state),
  );
  return warnings;
}

/** How one test send went: `error` is null when the channel took it. */
export interface ChannelTestResult {
  label: string;
  error: string | null;
}

/**
 * Sends a test notice on each channel, really, and records each outcome (a passing test clears
 * the channel's warning, a failing one raises it).
 *
 * @example await testChannels(app, user.id, [{ ntfy: url }], { title: 'Test', body: '…' })
 */
export async function testChannels(
  app: App,
  userId: number,
  channels: readonly Channel[],
  text: { title: string; body: string },
): Promise<ChannelTestResult[]> {
  const notice: Notice = {
    kind: 'breakthrough',
    title: text.title,
    body: text.body,
    url: `${app.config.baseUrl}/checkpoint`,
    priority: 3,
    tags: ['checkpoint', 'test'],
  };
  const results: ChannelTestResult[] = [];
  for (const channel of channels) {
    try {
      checkChannel(channel, 'notice');
      await sendRecorded(app, userId, channel, notice);
      results.push({ label: channelLabel(channel), error: null });
    } catch (error) {
      results.push({ label: channelLabel(channel), error: (error as Error).message });
    }
  }
  return results;
}

/**
 * Sets where a breakthrough rule delivers (`null`: the schedule's notice channels), keeping
 * the rest of the rule as it is.
 *
 * @example await setRuleChannel(app, user.id, rule.id, { webpush: true })
 */
export async function setRuleChannel(
  app: App,
  userId: number,
  ruleId: number,
  deliver: Channel | null,
): Promise<RuleView> {
  const {
    id: _id,
    createdAt: _created,
    deliver: _old,
    ...spec
  } = await getRule(app, userId, ruleId);
  if (deliver) checkChannel(deliver, 'rule');
  return await updateRule(app, userId, ruleId, deliver ? { ...spec, deliver } : spec);
}
