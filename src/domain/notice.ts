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
 * Parses the schedule's notify JSON ({ ntfy?, email?, webpush? }) into channels.
 *
 * @example channelsOf('{"ntfy":"https://ntfy.sh/me","webpush":true}') // [{ ntfy: … }, { webpush: true }]
 */
export function channelsOf(notify: string | Record<string, unknown>): Channel[] {
  const value =
    typeof notify === 'string' ? (JSON.parse(notify) as Record<string, unknown>) : notify;
  const out: Channel[] = [];
  if (typeof value.ntfy === 'string') out.push({ ntfy: value.ntfy });
  if (typeof value.email === 'string') out.push({ email: value.email });
  if (value.webpush === true) out.push({ webpush: true });
  return out;
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
