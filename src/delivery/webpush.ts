import { CheckpointError, ValidationError } from '../domain/errors.ts';
import type { Notice } from '../domain/notice.ts';
import { decryptSecret, encryptSecret } from '../lib/crypto.ts';
import type { App } from '../services/app.ts';

/** web-push, loaded when a key is made or a push sent (most processes do neither). */
const webPush = async () => (await import('web-push')).default;

const KEY = 'vapid';
/** RFC 8291 §4: a push message carries at most 4096 bytes; keep the text well inside. */
const MAX_BODY_CHARS = 1000;

/** A browser's push subscription (`PushSubscription.toJSON()`). */
export interface PushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/**
 * The server's VAPID key pair, generated once and kept in the database (the private key
 * encrypted with CHECKPOINT_SECRET), so that every node signs with the same keys.
 *
 * @example const { publicKey } = await vapidKeys(app); // the browser's applicationServerKey
 */
export async function vapidKeys(app: App): Promise<{ publicKey: string; privateKey: string }> {
  const read = async () =>
    await app.db.kysely
      .selectFrom('app_settings')
      .select('value')
      .where('key', '=', KEY)
      .executeTakeFirst();
  let row = await read();
  if (!row) {
    const keys = (await webPush()).generateVAPIDKeys();
    const value = JSON.stringify({
      publicKey: keys.publicKey,
      privateKey: encryptSecret(keys.privateKey, app.config.secret),
    });
    await app.db.kysely
      .insertInto('app_settings')
      .values({ key: KEY, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    row = await read();
  }
  const stored = JSON.parse(row!.value) as { publicKey: string; privateKey: string };
  return {
    publicKey: stored.publicKey,
    privateKey: decryptSecret(stored.privateKey, app.config.secret),
  };
}

const base64urlBytes = (value: string) =>
  /^[A-Za-z0-9_-]+={0,2}$/.test(value) ? Buffer.from(value, 'base64url').length : -1;

/**
 * Checks a subscription's shape before it is stored: an http(s) endpoint, a P-256 public key
 * (65 bytes, uncompressed) and a 16-byte auth secret (RFC 8291 §3). Whether the endpoint may
 * be reached is the SSRF guard's call at send time, not this check's.
 */
export function validateSubscription(subscription: PushSubscriptionInput): void {
  let url: URL | null = null;
  try {
    url = new URL(subscription.endpoint);
  } catch {}
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ValidationError('webpush: the subscription endpoint must be an http(s) URL');
  }
  const key = base64urlBytes(subscription.keys.p256dh);
  if (key !== 65 || Buffer.from(subscription.keys.p256dh, 'base64url')[0] !== 4) {
    throw new ValidationError('webpush: keys.p256dh must be an uncompressed P-256 key (65 bytes)');
  }
  if (base64urlBytes(subscription.keys.auth) !== 16) {
    throw new ValidationError('webpush: keys.auth must be 16 bytes');
  }
}

/** Stores (or refreshes) a browser's push subscription for a user. */
export async function saveSubscription(
  app: App,
  userId: number,
  subscription: PushSubscriptionInput,
  userAgent: string | null,
): Promise<void> {
  validateSubscription(subscription);
  const values = {
    user_id: userId,
    endpoint: subscription.endpoint,
    p256dh: subscription.keys.p256dh,
    auth: subscription.keys.auth,
    user_agent: userAgent,
    created_at: app.clock.now().getTime(),
  };
  await app.db.kysely
    .insertInto('push_subscriptions')
    .values(values)
    .onConflict((oc) =>
      oc.column('endpoint').doUpdateSet({
        user_id: userId,
        p256dh: values.p256dh,
        auth: values.auth,
        user_agent: userAgent,
      }),
    )
    .execute();
}

/** Forgets a browser's subscription (the browser unsubscribed); true when there was one. */
export async function removeSubscription(
  app: App,
  userId: number,
  endpoint: string,
): Promise<boolean> {
  const result = await app.db.kysely
    .deleteFrom('push_subscriptions')
    .where('user_id', '=', userId)
    .where('endpoint', '=', endpoint)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

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

/**
 * Sends a notice to every push subscription of the user (RFC 8291 aes128gcm, RFC 8292
 * VAPID), through the safe fetcher. Subscriptions the push service says are gone (404/410)
 * are removed. One failing subscription does not keep the notice from the others; the call
 * throws only when no subscription took it.
 *
 * @example await sendWebPush(app, user.id, notice) // { sent: 1, removed: 0 }
 */
export async function sendWebPush(
  app: App,
  userId: number,
  notice: Notice,
): Promise<{ sent: number; removed: number }> {
  const subscriptions = await app.db.kysely
    .selectFrom('push_subscriptions')
    .selectAll()
    .where('user_id', '=', userId)
    .execute();
  if (subscriptions.length === 0) {
    throw new CheckpointError(
      'delivery_failed',
      'webpush: no browser has subscribed to notifications yet',
    );
  }
  const keys = await vapidKeys(app);
  const webpush = await webPush();
  const payload = pushPayload(notice);
  // RFC 8292 §2.1: `sub` is a contact for the push service, an https: or mailto: URL.
  const subject = app.config.baseUrl.startsWith('https:')
    ? app.config.baseUrl
    : 'mailto:checkpoint@localhost';
  let sent = 0;
  let removed = 0;
  const failures: string[] = [];
  for (const sub of subscriptions) {
    try {
      // generateRequestDetails only encrypts and signs; the request goes through our fetcher,
      // so the SSRF guard, timeouts and limits apply as to any outbound request.
      const details = webpush.generateRequestDetails(
        { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
        payload,
        {
          vapidDetails: { subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
          TTL: 6 * 3600,
          urgency: notice.priority >= 5 ? 'high' : 'normal',
        },
      );
      const headers = Object.fromEntries(
        Object.entries(details.headers).map(([name, value]) => [name, String(value)]),
      );
      const response = await app.fetcher.fetch(details.endpoint, {
        method: 'POST',
        headers,
        body: new Uint8Array(details.body as Buffer),
        maxRedirects: 0,
      });
      if (response.status === 404 || response.status === 410) {
        await app.db.kysely.deleteFrom('push_subscriptions').where('id', '=', sub.id).execute();
        removed++;
      } else if (response.status >= 200 && response.status < 300) sent++;
      else failures.push(`HTTP ${response.status}`);
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
  if (failures.length) {
    app.log.warn({ user: userId, failures }, 'webpush: some subscriptions failed');
  }
  return { sent, removed };
}
