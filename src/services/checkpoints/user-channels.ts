import { type Channel, channelsOf } from '../../channels/registry.ts';
import { listPushSubscriptions } from '../../db/repos/push-subscriptions.ts';
import { listRules } from '../../db/repos/rules.ts';
import { findSchedule } from '../../db/repos/schedules.ts';
import type { UserRow } from '../../db/schema.ts';
import type { App } from '../app.ts';
import { storedRule } from './rule-input.ts';

/** Where a channel the user has comes from, so the form can say why it is offered. */
export type UserChannelOrigin = 'schedule' | 'webpush' | 'email' | 'rule';

/** One channel this user already has, with the `--notify` token that names it. */
export interface UserChannel {
  channel: Channel;
  /** `ntfy:URL`, `email:ADDRESS` or `webpush`: what the rule form posts. */
  token: string;
  origin: UserChannelOrigin;
}

/** The `--notify` token of a channel target. */
export function channelToken(channel: Channel): string {
  if ('ntfy' in channel) return `ntfy:${channel.ntfy}`;
  if ('email' in channel) return `email:${channel.email}`;
  return 'webpush';
}

/**
 * The channels a breakthrough of this user can be sent to without typing one: the schedule's
 * notice channels, Web Push when a browser of theirs subscribed, the account's e-mail (when
 * an outgoing mail server is configured), and ntfy topics their other rules already use —
 * each once, in that order.
 *
 * @example (await userChannels(app, user)).map((c) => c.token) // ['ntfy:https://ntfy.sh/me', 'webpush', 'email:ada@example.org']
 */
export async function userChannels(app: App, user: UserRow): Promise<UserChannel[]> {
  const db = app.db.kysely;
  const found: UserChannel[] = [];
  const schedule = await findSchedule(db, user.id);
  for (const channel of schedule ? channelsOf(schedule.notify) : [])
    found.push({ channel, token: channelToken(channel), origin: 'schedule' });
  if ((await listPushSubscriptions(db, user.id)).length > 0)
    found.push({ channel: { webpush: true }, token: 'webpush', origin: 'webpush' });
  // Without an outgoing mail server no e-mail can leave: offering one would be a channel
  // that fails at the first breakthrough.
  if (app.config.smtpUrl)
    found.push({ channel: { email: user.email }, token: `email:${user.email}`, origin: 'email' });
  for (const row of await listRules(db, user.id)) {
    let deliver: Channel | undefined;
    try {
      deliver = storedRule(row.spec, row.id).deliver;
    } catch {
      continue; // a stored rule that no longer parses offers nothing; its own page says why
    }
    if (deliver && 'ntfy' in deliver)
      found.push({ channel: deliver, token: channelToken(deliver), origin: 'rule' });
  }
  const seen = new Set<string>();
  return found.filter((c) => !seen.has(c.token) && seen.add(c.token));
}
