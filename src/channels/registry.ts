import { z } from 'zod';
import { ValidationError } from '../domain/errors.ts';
import { readJson } from '../lib/json.ts';
import type { ChannelSpec } from './channel.ts';
import { type EmailDeps, type EmailTarget, emailChannel } from './email.ts';
import { type NtfyDeps, type NtfyTarget, ntfyChannel } from './ntfy.ts';
import { type WebPushDeps, type WebPushTarget, webpushChannel } from './webpush.ts';

/** Where a notice goes (DESIGN.md: `deliver` of a rule, `--notify` of the schedule). */
export type Channel = NtfyTarget | EmailTarget | WebPushTarget;
/** What every channel's `send` needs, together (the notifier builds it once). */
export type ChannelDeps = NtfyDeps & EmailDeps & WebPushDeps;
type AnyChannelSpec = ChannelSpec<string, Channel, ChannelDeps>;

/** Every outbound channel, one line each. The order is that of the older stored form. */
export const CHANNELS: readonly AnyChannelSpec[] = [ntfyChannel, emailChannel, webpushChannel];

/** A channel target as rules, schedules and the API take it: exactly one of the channels. */
export const channelSchema = z.union(CHANNELS.map((c) => c.schema));

/** The spec of the channel a target is for. */
export function channelSpec(channel: Channel): AnyChannelSpec {
  const spec = CHANNELS.find((c) => c.name in channel);
  if (!spec) throw new ValidationError(`notice: not a channel: ${JSON.stringify(channel)}`);
  return spec;
}

/** A short human name of a channel, for logs and the ledger. */
export function channelName(channel: Channel): string {
  return channelSpec(channel).name;
}

/**
 * The channels without repeats, in their first order: the same topic or address twice would
 * send the same notice twice, which Invariant 1 ("one per checkpoint on each channel") forbids.
 *
 * @example uniqueChannels([{ webpush: true }, { webpush: true }]) // [{ webpush: true }]
 */
export function uniqueChannels(channels: readonly Channel[]): Channel[] {
  const seen = new Set<string>();
  return channels.filter((channel) => {
    const key = channelSpec(channel).key(channel);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The channels one stored object names, each read by its channel's schema. */
function channelsIn(entry: unknown): Channel[] {
  if (typeof entry !== 'object' || entry === null) return [];
  const value = entry as Record<string, unknown>;
  return CHANNELS.flatMap((spec) => {
    if (!(spec.name in value)) return [];
    const parsed = spec.schema.safeParse({ [spec.name]: value[spec.name] });
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * Parses the schedule's stored notify JSON into channels: a list of channels (any number of
 * ntfy topics and addresses), or the older object form with at most one of each kind
 * (`{ ntfy?, email?, webpush? }`), which rows written before lists were stored still hold.
 * What no channel's schema accepts is left out, as before.
 *
 * @example channelsOf('[{"ntfy":"https://ntfy.sh/a"},{"ntfy":"https://ntfy.sh/b"}]') // both topics
 * @example channelsOf('{"ntfy":"https://ntfy.sh/me","webpush":true}') // [{ ntfy: … }, { webpush: true }]
 */
export function channelsOf(notify: string | Record<string, unknown> | unknown[]): Channel[] {
  const value: unknown = typeof notify === 'string' ? readJson(notify) : notify;
  if (Array.isArray(value)) return uniqueChannels(value.flatMap(channelsIn));
  return channelsIn(value);
}

/** The stored form of a schedule's channels (see {@link channelsOf}): one key per entry. */
export function storedChannels(channels: readonly Channel[]): string {
  return JSON.stringify(uniqueChannels(channels).flatMap(channelsIn));
}

/**
 * Checks a channel before it is stored: ntfy needs an http(s) topic URL, e-mail one address.
 * (Whether the URL may be reached is the SSRF guard's call at send time.) `module` starts
 * the message, as every message names its module.
 *
 * @example checkChannel({ ntfy: 'file:///etc/passwd' }, 'notice') // throws ValidationError
 */
export function checkChannel(channel: Channel, module: string): void {
  const problem = channelSpec(channel).problem(channel);
  if (problem) {
    throw new ValidationError(`${module}: ${problem.message}`, [], {
      localised: problem.localised,
    });
  }
}

/** The target one `--notify` token names (unchecked), or null when no channel knows it. */
export function parseChannelToken(token: string): Channel | null {
  for (const spec of CHANNELS) {
    const target = spec.parse(token);
    if (target) return target;
  }
  return null;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Commas that start a new channel (`,ntfy:`, `,email:`, `,webpush`): URLs may hold commas. */
const TOKEN_START = new RegExp(
  `,(?=\\s*(?:${CHANNELS.map((c) => escapeRegex(c.prefix) + (c.prefix.endsWith(':') ? '' : '\\b')).join('|')}))`,
);

/**
 * Parses `--notify ntfy:URL,email:ADDRESS,webpush` (or `none`); a kind may come several times
 * (`ntfy:A,ntfy:B,email:a@x,email:b@x`) and every channel is kept.
 *
 * @example parseNotify('ntfy:https://ntfy.sh/x,webpush') // [{ ntfy: 'https://ntfy.sh/x' }, { webpush: true }]
 */
export function parseNotify(value: string): Channel[] {
  const text = value.trim();
  if (text === '' || text === 'none') return [];
  return text.split(TOKEN_START).map((part) => {
    const token = part.trim();
    const channel = parseChannelToken(token);
    if (!channel) {
      const syntaxes = CHANNELS.map((c) => c.syntax).join(', ');
      throw new ValidationError(
        `schedule: unknown notice channel "${token}" (use ${syntaxes} or none)`,
      );
    }
    checkChannel(channel, 'schedule');
    return channel;
  });
}

/**
 * The `--notify` value of a list of channels (`none` for none): `parseNotify` reads it back.
 *
 * @example formatNotify([{ ntfy: 'https://ntfy.sh/x' }, { webpush: true }]) // 'ntfy:https://ntfy.sh/x,webpush'
 */
export function formatNotify(channels: readonly Channel[]): string {
  return channels.map((c) => channelSpec(c).format(c)).join(',') || 'none';
}

/** How `schedule show` names a channel: `ntfy https://…`, `e-mail a@b`, `web push`. */
export function channelLabel(channel: Channel): string {
  return channelSpec(channel).label(channel);
}
