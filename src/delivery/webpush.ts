import { sendWebPush as sendToBrowsers, type WebPushDeps } from '../channels/webpush.ts';
import type { Notice } from '../domain/notice.ts';
import type { App } from '../services/app.ts';
import { forgetPushTarget, pushTargets, vapidKeys } from '../services/checkpoints/push.ts';

/**
 * What the Web Push channel needs from an App: the safe fetcher, the VAPID keys and the
 * user's subscriptions (stored by services/checkpoints/push.ts; delivery only sends).
 */
export function webPushDeps(app: App): WebPushDeps {
  return {
    fetcher: app.fetcher,
    baseUrl: app.config.baseUrl,
    log: app.log,
    vapidKeys: () => vapidKeys(app),
    pushSubscriptions: (userId) => pushTargets(app, userId),
    forgetPushSubscription: (id) => forgetPushTarget(app, id),
  };
}

/**
 * Sends a notice to every browser the user subscribed (see channels/webpush.ts).
 *
 * @example await sendWebPush(app, user.id, notice) // { sent: 1, removed: 0 }
 */
export async function sendWebPush(
  app: App,
  userId: number,
  notice: Notice,
): Promise<{ sent: number; removed: number }> {
  return await sendToBrowsers(webPushDeps(app), userId, notice);
}
