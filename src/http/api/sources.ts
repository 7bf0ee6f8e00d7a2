import type { Hono } from 'hono';
import { z } from 'zod';
import { updateSource } from '../../db/repos/sources.ts';
import type { SourceUpdate } from '../../db/schema.ts';
import type { App } from '../../services/app.ts';
import { refreshSource } from '../../services/sources/refresh.ts';
import {
  getSource,
  listSourceViews,
  removeSource,
  subscribe,
  toSourceView,
} from '../../services/sources/sources.ts';
import type { ApiEnv } from '../env.ts';
import { type AnyRouteSpec, addRoute, idParams } from './route.ts';
import { feedCandidateSchema, refreshResultSchema, sourceSchema } from './schemas.ts';

const cadence = z
  .string()
  .regex(/^(every|daily|weekly:(mon|tue|wed|thu|fri|sat|sun))$/, 'every, daily or weekly:<day>');

/** `/api/v1/sources`: list, subscribe (with feed discovery), change, fetch now, remove. */
export function sourceRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'get',
    path: '/sources',
    tag: 'sources',
    summary: 'List your sources',
    response: z.array(sourceSchema),
    handler: async (_c, { user }) => await listSourceViews(app, user.id),
  });

  addRoute(router, registry, {
    method: 'post',
    path: '/sources',
    tag: 'sources',
    summary: 'Subscribe to a feed or a web page that offers feeds',
    body: z.object({
      url: z.string().min(1),
      pick: z
        .number()
        .int()
        .positive()
        .optional()
        .describe('1-based choice when a page offers several feeds'),
      category: z.string().min(1).max(200).nullable().optional(),
      name: z.string().min(1).max(300).nullable().optional(),
    }),
    response: z.object({
      source: sourceSchema,
      created: z.boolean(),
      itemsAdded: z.number().int(),
    }),
    status: 201,
    errors: {
      300: 'the page offers several feeds: `{candidates: FeedCandidate[]}`; repeat with `pick`',
      422: 'not a feed, or the URL could not be fetched',
    },
    handler: async (c, { body, user }) => {
      const result = await subscribe(app, user.id, body.url, {
        ...(body.pick !== undefined ? { pick: body.pick } : {}),
        category: body.category ?? null,
        name: body.name ?? null,
      });
      if (result.status === 'choose') {
        return c.json({ candidates: z.array(feedCandidateSchema).parse(result.candidates) }, 300);
      }
      const { status: _status, ...rest } = result;
      return c.json(rest, result.created ? 201 : 200);
    },
  });

  addRoute(router, registry, {
    method: 'get',
    path: '/sources/:id',
    tag: 'sources',
    summary: 'One source',
    params: idParams,
    response: sourceSchema,
    handler: async (_c, { params, user }) => toSourceView(await getSource(app, user.id, params.id)),
  });

  addRoute(router, registry, {
    method: 'patch',
    path: '/sources/:id',
    tag: 'sources',
    summary: 'Change a source (name, pause, interval, cadence, weight, would-push)',
    params: idParams,
    body: z.object({
      name: z.string().min(1).max(300).optional(),
      enabled: z.boolean().optional(),
      intervalMinutes: z
        .number()
        .int()
        .min(5)
        .max(7 * 24 * 60)
        .optional(),
      cadence: cadence.optional(),
      weight: z.number().min(0).max(10).optional(),
      wouldPush: z.boolean().nullable().optional(),
    }),
    response: sourceSchema,
    handler: async (_c, { params, body, user }) => {
      await getSource(app, user.id, params.id);
      const patch: SourceUpdate = {};
      if (body.name !== undefined) patch.name = body.name;
      if (body.enabled !== undefined) {
        patch.enabled = body.enabled ? 1 : 0;
        if (body.enabled)
          Object.assign(patch, { disabled_reason: null, error_count: 0, next_check_at: 0 });
      }
      if (body.intervalMinutes !== undefined) patch.interval_minutes = body.intervalMinutes;
      if (body.cadence !== undefined) patch.cadence = body.cadence;
      if (body.weight !== undefined) patch.weight = body.weight;
      if (body.wouldPush !== undefined)
        patch.would_push = body.wouldPush === null ? null : body.wouldPush ? 1 : 0;
      if (Object.keys(patch).length) await updateSource(app.db.kysely, user.id, params.id, patch);
      return toSourceView(await getSource(app, user.id, params.id));
    },
  });

  addRoute(router, registry, {
    method: 'post',
    path: '/sources/:id/fetch',
    tag: 'sources',
    summary: 'Fetch a source now',
    params: idParams,
    response: refreshResultSchema,
    handler: async (_c, { params, user }) =>
      await refreshSource(app, await getSource(app, user.id, params.id)),
  });

  addRoute(router, registry, {
    method: 'delete',
    path: '/sources/:id',
    tag: 'sources',
    summary: 'Remove a source and its items',
    params: idParams,
    status: 204,
    handler: async (_c, { params, user }) => {
      await removeSource(app, user.id, params.id);
      return null;
    },
  });
}
