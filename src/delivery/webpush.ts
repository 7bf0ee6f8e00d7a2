import webpush from 'web-push';
import { CheckpointError } from '../domain/errors.ts';
import { decryptSecret, encryptSecret } from '../lib/crypto.ts';
import type { App } from '../services/app.ts';
import type { Notice } from './notice.ts';

const KEY = 'vapid';

/**
 * The server's VAPID key pair, generated once and kept in the database (the private key
 * encrypted with CHECKPOINT_SECRET), so that every node signs with the same keys.
 */
export async function vapidKeys(app: App): Promise<{ publicKey: string; privateKey: string }> {
  const read = async () =>
    await app.db.kysely.selectFrom('app_settings').select('value').where('key', '=', KEY).executeTakeFirst();
  let row = await read();
  if (!row) {
    const keys = webpush.generateVAPIDKeys();
    await app.db.kysely
      .insertInto('app_settings')
      .values({ key: KEY, value: JSON.stringify({ publicKey: keys.publicKey, privateKey: encryptSecret(keys.privateKey, app.config.secret) }) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    row = await read();
  }
  const stored = JSON.parse(row!.value) as { publicKey: string; privateKey: string };
  return { publicKey: stored.publicKey, privateKey: decryptSecret(stored.privateKey, app.config.secret) };
}

/** Stores (or refreshes) a browser's push subscription for a user. */
export async function saveSubscription(
  app: App,
  userId: number,
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } },
  userAgent: string | null,
): Promise<void> {
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
    .onConflict((oc) => oc.column('endpoint').doUpdateSet({ user_id: userId, p256dh: values.p256dh, auth: values.auth, user_agent: userAgent }))
    .execute();
}

/**
 * Sends a notice to every push subscription of the user (RFC 8291 aes128gcm, VAPID), through
 * the safe fetcher. Subscriptions the push service says are gone (404/410) are removed.
 */
export async function sendWebPush(app: App, userId: number, notice: Notice): Promise<{ sent: number; removed: number }> {
  const subscriptions = await app.db.kysely
    .selectFrom('push_subscriptions')
    .selectAll()
    .where('user_id', '=', userId)
    .execute();
  if (subscriptions.length === 0) {
    throw new CheckpointError('delivery_failed', 'webpush: no browser has subscribed to notifications yet');
  }
  const keys = await vapidKeys(app);
  const payload = JSON.stringify({ title: notice.title, body: notice.body, url: notice.url, kind: notice.kind, tags: notice.tags });
  let sent = 0;
  let removed = 0;
  const failures: string[] = [];
  for (const sub of subscriptions) {
    const details = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, {
      vapidDetails: { subject: app.config.baseUrl.startsWith('https:') ? app.config.baseUrl : 'mailto:checkpoint@localhost', publicKey: keys.publicKey, privateKey: keys.privateKey },
      TTL: 6 * 3600,
      urgency: notice.priority >= 5 ? 'high' : 'normal',
    });
    const response = await app.fetcher.fetch(details.endpoint, {
      method: 'POST',
      headers: details.headers as Record<string, string>,
      body: new Uint8Array(details.body as Buffer),
    });
    if (response.status === 404 || response.status === 410) {
      await app.db.kysely.deleteFrom('push_subscriptions').where('id', '=', sub.id).execute();
      removed++;
    } else if (response.status >= 200 && response.status < 300) sent++;
    else failures.push(`HTTP ${response.status}`);
  }
  if (sent === 0) {
    throw new CheckpointError('delivery_failed', `webpush: no subscription accepted the notice (${failures.join(', ') || `${removed} expired`})`);
  }
  return { sent, removed };
}
