import type { Hono } from 'hono';
import { z } from 'zod';
import type { App } from '../../services/app.ts';
import { listFetchHistory } from '../../services/sources/fetch-history.ts';
import { listSourceViews, removeSource, subscribe } from '../../services/sources/sources.ts';
import {
  changeSource,
  fetchSourceNow,
  findSourceView,
} from '../../services/sources/user-sources.ts';
import type { ApiEnv } from '../env.ts';
import { type AnyRouteSpec, addRoute, idParams } from './route.ts';
import { feedCandidateSchema, refreshResultSchema, sourceSchema } from './schemas.ts';

type Router = Hono<ApiEnv>;

const cadence = z
  .string()
  .regex(/^(every|daily|weekly:(mon|tue|wed|thu|fri|sat|sun))$/, 'every, daily or weekly:<day>');

const subscribeBody = z.object({
  url: z.string().min(1),
  pick: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('1-based choice when a page offers several feeds'),
  category: z.string().min(1).max(200).nullable().optional(),
  name: z.string().min(1).max(300).nullable().optional(),
});

const changeBody = z.object({
  name: z.string().min(1).max(300).optional(),
  category: z
    .string()
    .max(200)
    .nullable()
    .optional()
    .describe('move to this category (created when new); null or "" for none'),
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
});

function listRoute(router: Router, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'get',
    path: '/sources',
    tag: 'sources',
    summary: 'List your sources',
    response: z.array(sourceSchema),
    handler: async (_c, { user }) => await listSourceViews(app, user.id),
  });
}

function subscribeRoute(router: Router, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'post',
    path: '/sources',
    tag: 'sources',
    summary: 'Subscribe to a feed or a web page that offers feeds',
    body: subscribeBody,
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
}

function getRoute(router: Router, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'get',
    path: '/sources/:id',
    tag: 'sources',
    summary: 'One source',
    params: idParams,
    response: sourceSchema,
    handler: async (_c, { params, user }) => await findSourceView(app, user.id, params.id),
  });
}

function changeRoute(router: Router, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'patch',
    path: '/sources/:id',
    tag: 'sources',
    summary: 'Change a source (name, category, pause, interval, cadence, weight, would-push)',
    params: idParams,
    body: changeBody,
    response: sourceSchema,
    handler: async (_c, { params, body, user }) =>
      await changeSource(app, user.id, params.id, body),
  });
}

function fetchRoute(router: Router, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'post',
    path: '/sources/:id/fetch',
    tag: 'sources',
    summary: 'Fetch a source now',
    params: idParams,
    response: refreshResultSchema,
    handler: async (_c, { params, user }) => await fetchSourceNow(app, user.id, params.id),
  });
}

const fetchRunSchema = z
  .object({
    at: z.string(),
    outcome: z.enum(['ok', 'not_modified', 'error', 'gone', 'retry_later']),
    newItems: z.number().int(),
    httpStatus: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int(),
  })
  .meta({ id: 'FetchRun' });

function fetchesRoute(router: Router, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'get',
    path: '/sources/:id/fetches',
    tag: 'sources',
    summary: "A source's last 50 fetches, newest first",
    params: idParams,
    response: z.array(fetchRunSchema),
    handler: async (_c, { params, user }) => await listFetchHistory(app, user.id, params.id),
  });
}

function removeRoute(router: Router, registry: AnyRouteSpec[], app: App): void {
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

/** `/api/v1/sources`: list, subscribe (with feed discovery), change, fetch now, history, remove. */
export function sourceRoutes(router: Router, registry: AnyRouteSpec[], app: App): void {
  const routes = [
    listRoute,
    subscribeRoute,
    getRoute,
    changeRoute,
    fetchRoute,
    fetchesRoute,
    removeRoute,
  ];
  for (const add of routes) add(router, registry, app);
}
