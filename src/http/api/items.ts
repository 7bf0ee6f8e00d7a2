import type { Hono } from 'hono';
import { z } from 'zod';
import { ITEM_KINDS } from '../../domain/types.ts';
import type { App } from '../../services/app.ts';
import { BACKLOG_AGE_MS } from '../../services/checkpoints/ranking.ts';
import { getItemView, listItemViews, setItemState } from '../../services/items/items.ts';
import type { ApiEnv } from '../env.ts';
import { type AnyRouteSpec, addRoute, idParams } from './route.ts';
import { itemSchema } from './schemas.ts';

const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date or time')
  .transform((s) => Date.parse(s));

/** `/api/v1/items`: the held items, newest first, and their read/starred/dismissed states. */
export function itemRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'get',
    path: '/items',
    tag: 'items',
    summary: 'List items, newest first',
    query: z.object({
      since: isoDate.optional().describe('only items received at or after this time'),
      kind: z.enum(ITEM_KINDS as [string, ...string[]]).optional(),
      sourceId: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      before: z.coerce
        .number()
        .int()
        .positive()
        .optional()
        .describe('keyset paging: items with a lower id'),
      backlog: z
        .enum(['1', 'true', '0', 'false'])
        .optional()
        .describe('1: only backlog, items published over 7 days before their source was added'),
    }),
    response: z.array(itemSchema),
    handler: async (_c, { query, user }) =>
      await listItemViews(app, user.id, {
        ...(query.since !== undefined ? { since: query.since } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.sourceId !== undefined ? { sourceId: query.sourceId } : {}),
        ...(query.before !== undefined ? { beforeId: query.before } : {}),
        ...(query.backlog === '1' || query.backlog === 'true'
          ? { backlogAgeMs: BACKLOG_AGE_MS }
          : {}),
        limit: query.limit,
      }),
  });

  addRoute(router, registry, {
    method: 'get',
    path: '/items/:id',
    tag: 'items',
    summary: 'One item',
    params: idParams,
    response: itemSchema,
    handler: async (_c, { params, user }) => await getItemView(app, user.id, params.id),
  });

  addRoute(router, registry, {
    method: 'patch',
    path: '/items/:id',
    tag: 'items',
    summary: 'Mark an item read, starred or dismissed',
    params: idParams,
    body: z.object({
      read: z.boolean().optional(),
      starred: z.boolean().optional(),
      dismissed: z.boolean().optional(),
    }),
    response: itemSchema,
    handler: async (_c, { params, body, user }) =>
      await setItemState(app, user.id, params.id, body),
  });
}
