import { z } from 'zod';
import { CheckpointError } from '../domain/errors.ts';
import type { Notice } from '../domain/notice.ts';
import type { Logger } from '../lib/logger.ts';
import type { SafeFetcher } from '../lib/net/safe-fetch.ts';
import type { ChannelSpec } from './channel.ts';

/** RFC 8291 §4: a push message carries at most 4096 bytes; keep the text well inside. */
const MAX_BODY_CHARS = 1000;

/** Every browser the user subscribed (the subscriptions are looked up at send time). */
export const webpushTargetSchema = z.object({ webpush: z.literal(true) }).strict();
export type WebPushTarget = z.infer<typeof webpushTargetSchema>;

/** A stored browser subscription, as sending needs it. */
export interface PushTarget {
  id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** What sending needs: the fetcher, the server's VAPID keys and the user's subscriptions. */
export interface WebPushDeps {
  fetcher: SafeFetcher;
  /** The public base URL: an https one is the `sub` contact of the VAPID claims. */
  baseUrl: string;
  log: Pick<Logger, 'warn'>;
  vapidKeys(): Promise<{ publicKey: string; privateKey: string }>;
  pushSubscriptions(userId: number): Promise<PushTarget[]>;
  /** Drops a subscription the push service says is gone (404, 410). */
  forgetPushSubscription(id: number): Promise<void>;
}

/** web-push, loaded when a push is sent (most processes send none). */
const webPush = async () => (await import('web-push')).default;

/** The JSON the service worker receives (what `push` events `data.json()` returns). */
export function pushPayload(notice: Notice): string {
  const body =
    notice.body.length > MAX_BODY_CHARS
      ? `${notice.body.slice(0, MAX_BODY_CHARS - 1)}…`
      : notice.body;
  return JSON.stringify({
    title: notice.title,
    body,
    url: notice.url,
    kind: notice.kind,
    tags: notice.tags,
  });
}

type PushOutcome = 'sent' | 'removed' | string;

/** One encrypted POST to one subscription: 'sent', 'removed' (gone) or why it failed. */
async function pushTo(
  deps: WebPushDeps,
  sub: PushTarget,
  payload: string,
  options: { vapidDetails: { subject: string; publicKey: string; privateKey: string } } & {
    TTL: number;
    urgency: 'high' | 'normal';
  },
): Promise<PushOutcome> {
  const webpush = await webPush();
  // generateRequestDetails only encrypts and signs; the request goes through our fetcher,
  // so the SSRF guard, timeouts and limits apply as to any outbound request.
  const details = webpush.generateRequestDetails(
    { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
    payload,
    options,
  );
  const headers = Object.fromEntries(
    Object.entries(details.headers).map(([name, value]) => [name, String(value)]),
  );
  const response = await deps.fetcher.fetch(details.endpoint, {
    method: 'POST',
    headers,
    body: new Uint8Array(details.body as Buffer),
    maxRedirects: 0,
  });
  if (response.status === 404 || response.status === 410) {
    await deps.forgetPushSubscription(sub.id);
    return 'removed';
  }
  if (response.status >= 200 && response.status < 300) return 'sent';
  return `HTTP ${response.status}`;
}

/**
 * Sends a notice to every push subscription of the user (RFC 8291 aes128gcm, RFC 8292
 * VAPID), through the safe fetcher. Subscriptions the push service says are gone (404/410)
 * are removed. One failing subscription does not keep the notice from the others; the call
 * throws only when no subscription took it.
 *
 * @example await sendWebPush(deps, user.id, notice) // { sent: 1, removed: 0 }
 */
export async function sendWebPush(
  deps: WebPushDeps,
  userId: number,
  notice: Notice,
): Promise<{ sent: number; removed: number }> {
  const subscriptions = await deps.pushSubscriptions(userId);
  if (subscriptions.length === 0) {
    throw new CheckpointError(
      'delivery_failed',
      'webpush: no browser has subscribed to notifications yet',
    );
  }
  const keys = await deps.vapidKeys();
  const payload = pushPayload(notice);
  // RFC 8292 §2.1: `sub` is a contact for the push service, an https: or mailto: URL.
  const subject = deps.baseUrl.startsWith('https:') ? deps.baseUrl : 'mailto:checkpoint@localhost';
  const options = {
    vapidDetails: { subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
    TTL: 6 * 3600,
    urgency: notice.priority >= 5 ? ('high' as const) : ('normal' as const),
  };
  let sent = 0;
  let removed = 0;
  const failures: string[] = [];
  for (const sub of subscriptions) {
    try {
      const outcome = await pushTo(deps, sub, payload, options);
      if (outcome === 'sent') sent++;
      else if (outcome === 'removed') removed++;
      else failures.push(outcome);
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  if (sent === 0) {
    const why = failures.join('; ') || `${removed} expired`;
    throw new CheckpointError(
      'delivery_failed',
      `webpush: no subscription accepted the notice (${why})`,
    );
  }
  if (failures.length)
    deps.log.warn({ user: userId, failures }, 'webpush: some subscriptions failed');
  return { sent, removed };
}

/** Web Push: a notice goes to every browser the user subscribed (`--notify webpush`). */
export const webpushChannel: ChannelSpec<'webpush', WebPushTarget, WebPushDeps> = {
  name: 'webpush',
  schema: webpushTargetSchema,
  syntax: 'webpush',
  prefix: 'webpush',
  parse: (token) => (token === 'webpush' ? { webpush: true } : null),
  format: () => 'webpush',
  label: () => 'web push',
  key: () => 'webpush',
  problem: () => null,
  send: async (deps, userId, _target, notice) => {
    await sendWebPush(deps, userId, notice);
  },
};
