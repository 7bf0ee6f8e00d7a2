import { z } from 'zod';
import type { PushTarget } from '../../channels/webpush.ts';
import { findAppSetting, insertAppSettingIfMissing } from '../../db/repos/app-settings.ts';
import {
  deletePushSubscription,
  deletePushSubscriptionById,
  listPushSubscriptions,
  upsertPushSubscription,
} from '../../db/repos/push-subscriptions.ts';
import { parseStoredJson } from '../../db/stored-json.ts';
import { ValidationError } from '../../domain/errors.ts';
import { decryptSecret, encryptSecret } from '../../lib/crypto.ts';
import type { App } from '../app.ts';

const KEY = 'vapid';
/** The stored key pair: the private key encrypted with CHECKPOINT_SECRET. */
const storedKeysSchema = z.object({ publicKey: z.string(), privateKey: z.string() });

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
  let value = await findAppSetting(app.db.kysely, KEY);
  if (value === undefined) {
    // web-push is loaded only here and when a push is sent (most processes do neither).
    const keys = (await import('web-push')).default.generateVAPIDKeys();
    const stored = JSON.stringify({
      publicKey: keys.publicKey,
      privateKey: encryptSecret(keys.privateKey, app.config.secret),
    });
    await insertAppSettingIfMissing(app.db.kysely, KEY, stored);
    value = await findAppSetting(app.db.kysely, KEY);
  }
  const stored = parseStoredJson(storedKeysSchema, value ?? '', 'app_settings.vapid');
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
  await upsertPushSubscription(app.db.kysely, {
    user_id: userId,
    endpoint: subscription.endpoint,
    p256dh: subscription.keys.p256dh,
    auth: subscription.keys.auth,
    user_agent: userAgent,
    created_at: app.clock.now().getTime(),
  });
}

/** Forgets a browser's subscription (the browser unsubscribed); true when there was one. */
export async function removeSubscription(
  app: App,
  userId: number,
  endpoint: string,
): Promise<boolean> {
  return await deletePushSubscription(app.db.kysely, userId, endpoint);
}

/** The user's subscriptions as sending needs them. */
export async function pushTargets(app: App, userId: number): Promise<PushTarget[]> {
  const rows = await listPushSubscriptions(app.db.kysely, userId);
  return rows.map(({ id, endpoint, p256dh, auth }) => ({ id, endpoint, p256dh, auth }));
}

/** Drops a subscription the push service says is gone. */
export async function forgetPushTarget(app: App, id: number): Promise<void> {
  await deletePushSubscriptionById(app.db.kysely, id);
}
