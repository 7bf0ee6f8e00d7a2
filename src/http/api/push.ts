import type { Hono } from 'hono';
import { z } from 'zod';
import type { App } from '../../services/app.ts';
import {
  removeSubscription,
  saveSubscription,
  vapidKeys,
} from '../../services/checkpoints/push.ts';
import type { ApiEnv } from '../env.ts';
import { type AnyRouteSpec, addRoute } from './route.ts';

const subscriptionSchema = z.object({
  endpoint: z.string().max(2000),
  keys: z.object({ p256dh: z.string().max(200), auth: z.string().max(100) }),
});

/**
 * `/api/v1/push/…`: what a page needs to turn on Web Push — the server's VAPID key (the
 * `applicationServerKey` of `pushManager.subscribe`) and a place to store or drop the
 * browser's subscription.
 */
export function pushRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'get',
    path: '/push/key',
    tag: 'notices',
    summary: 'The VAPID public key to subscribe a browser with',
    response: z.object({ publicKey: z.string() }),
    handler: async () => ({ publicKey: (await vapidKeys(app)).publicKey }),
  });

  addRoute(router, registry, {
    method: 'post',
    path: '/push/subscriptions',
    tag: 'notices',
    summary: 'Store this browser’s push subscription (PushSubscription.toJSON())',
    body: subscriptionSchema,
    status: 204,
    errors: { 400: 'not a valid subscription' },
    handler: async (c, { body, user }) => {
      await saveSubscription(app, user.id, body, c.req.header('user-agent')?.slice(0, 300) ?? null);
      return null;
    },
  });

  addRoute(router, registry, {
    method: 'delete',
    path: '/push/subscriptions',
    tag: 'notices',
    summary: 'Forget a browser’s push subscription',
    body: z.object({ endpoint: z.string().max(2000) }),
    status: 204,
    handler: async (_c, { body, user }) => {
      await removeSubscription(app, user.id, body.endpoint);
      return null;
    },
  });
}
