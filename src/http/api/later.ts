import type { Hono } from 'hono';
import { z } from 'zod';
import type { App } from '../../services/app.ts';
import { dismissOlderThan, startFresh, undoDismiss } from '../../services/checkpoints/later.ts';
import type { ApiEnv } from '../env.ts';
import { type AnyRouteSpec, addRoute } from './route.ts';

const batchSchema = z.object({
  batchId: z.number().int().describe('names the batch for POST /later/undo'),
  count: z.number().int(),
});

/** Clearing Later as the web app does ("dismiss all older than …", "start fresh"), and undo. */
export function laterRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'post',
    path: '/later/dismiss',
    tag: 'checkpoints',
    summary:
      'Dismiss the Later items published before olderThan, or all of them ("start fresh") without it; undo with POST /later/undo',
    body: z.object({
      olderThan: z.iso
        .datetime({ offset: true })
        .optional()
        .describe('ISO 8601 instant, e.g. 2026-03-01T00:00:00Z'),
    }),
    response: batchSchema,
    handler: async (_c, { body, user }) =>
      body.olderThan === undefined
        ? await startFresh(app, user)
        : await dismissOlderThan(app, user, new Date(body.olderThan)),
  });

  addRoute(router, registry, {
    method: 'post',
    path: '/later/undo',
    tag: 'checkpoints',
    summary: 'Bring back the items one dismissal of Later dismissed',
    body: z.object({ batchId: z.number().int().positive() }),
    response: z.object({ restored: z.number().int() }),
    handler: async (_c, { body, user }) => await undoDismiss(app, user, body.batchId),
  });
}
