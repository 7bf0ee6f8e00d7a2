import { ValidationError } from './errors.ts';

/** One outbound message: a breakthrough item or a "your checkpoint is ready" notice. */
export interface Notice {
  kind: 'breakthrough' | 'checkpoint';
  title: string;
  body: string;
  /** Where a click should lead (the item, or the checkpoint page). */
  url: string | null;
  /** ntfy scale 1–5. */
  priority: number;
  tags: string[];
}

/** Where a notice goes (DESIGN.md: `deliver` of a rule, `--notify` of the schedule). */
export type Channel = { ntfy: string } | { email: string } | { webpush: true };

/** A short human name of a channel, for logs and the ledger. */
export function channelName(channel: Channel): string {
  if ('ntfy' in channel) return 'ntfy';
  if ('email' in channel) return 'email';
  return 'webpush';
}

/**
 * Parses the schedule's stored notify JSON into channels: a list of channels (any number of
 * ntfy topics and addresses), or the older object form with at most one of each kind
 * (`{ ntfy?, email?, webpush? }`), which rows written before lists were stored still hold.
 *
 * @example channelsOf('[{"ntfy":"https://ntfy.sh/a"},{"ntfy":"https://ntfy.sh/b"}]') // both topics
 * @example channelsOf('{"ntfy":"https://ntfy.sh/me","webpush":true}') // [{ ntfy: … }, { webpush: true }]
 */
export function channelsOf(notify: string | Record<string, unknown> | unknown[]): Channel[] {
  const value: unknown = typeof notify === 'string' ? JSON.parse(notify) : notify;
  if (Array.isArray(value)) return uniqueChannels(value.flatMap(channelFrom));
  return channelFrom(value);
}

/** The channels one stored object names (the older form may name one of each kind). */
function channelFrom(entry: unknown): Channel[] {
  if (typeof entry !== 'object' || entry === null) return [];
  const value = entry as Record<string, unknown>;
  const out: Channel[] = [];
  if (typeof value.ntfy === 'string') out.push({ ntfy: value.ntfy });
  if (typeof value.email === 'string') out.push({ email: value.email });
  if (value.webpush === true) out.push({ webpush: true });
  return out;
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
    const key =
      'ntfy' in channel
        ? `ntfy ${channel.ntfy}`
        : 'email' in channel
          ? `email ${channel.email.toLowerCase()}`
          : 'webpush';
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The stored form of a schedule's channels (see {@link channelsOf}). */
export function storedChannels(channels: readonly Channel[]): string {
  return JSON.stringify(
    uniqueChannels(channels).map((c) => ('webpush' in c ? { webpush: true } : c)),
  );
}

/**
 * Checks a channel before it is stored: ntfy needs an http(s) topic URL, e-mail one address.
 * (Whether the URL may be reached is the SSRF guard's call at send time.)
 *
 * @example validateChannel({ ntfy: 'file:///etc/passwd' }) // throws ValidationError
 */
export function validateChannel(channel: Channel): void {
  if ('ntfy' in channel) {
    let url: URL | null = null;
    try {
      url = new URL(channel.ntfy);
    } catch {}
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new ValidationError(`notice: ntfy needs an http(s) topic URL (got "${channel.ntfy}")`);
    }
  } else if ('email' in channel && !/^[^\s@,;<>"]+@[^\s@,;<>"]+$/.test(channel.email)) {
    throw new ValidationError(`notice: "${channel.email}" is not one e-mail address`);
  }
}

/** An outgoing e-mail. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Sender; default `Checkpoint <checkpoint@BASE_HOST>`. */
  from?: string;
}
