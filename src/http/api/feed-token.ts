import type { Hono } from 'hono';
import { z } from 'zod';
import type { App } from '../../services/app.ts';
import { getFeedToken, rotateFeedToken } from '../../services/checkpoints/feed-tokens.ts';
import type { ApiEnv } from '../env.ts';
import { type AnyRouteSpec, addRoute } from './route.ts';

const feedTokenSchema = z.object({
  url: z
    .string()
    .describe('the private Atom feed of your checkpoints; anyone with it can read them'),
});

/** `/api/v1/feed-token`: the private Atom feed URL of your checkpoints (show, rotate). */
export function feedTokenRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'get',
    path: '/feed-token',
    tag: 'checkpoints',
    summary: 'The private Atom feed URL of your checkpoints (made on first use)',
    response: feedTokenSchema,
    handler: async (_c, { user }) => await getFeedToken(app, user.id),
  });

  addRoute(router, registry, {
    method: 'post',
    path: '/feed-token',
    tag: 'checkpoints',
    summary: 'Make a new feed URL; the old one stops working at once',
    response: feedTokenSchema,
    handler: async (_c, { user }) => await rotateFeedToken(app, user.id),
  });
}
