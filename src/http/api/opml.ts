import type { Hono } from 'hono';
import { z } from 'zod';
import { ValidationError } from '../../domain/errors.ts';
import type { App } from '../../services/app.ts';
import { exportOpml, importOpml } from '../../services/sources/opml.ts';
import type { ApiEnv } from '../env.ts';
import { type AnyRouteSpec, addRoute } from './route.ts';

const MAX_OPML_BYTES = 5 * 1024 * 1024;

/** `/api/v1/opml`: export and import subscription lists. */
export function opmlRoutes(router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App): void {
  addRoute(router, registry, {
    method: 'get',
    path: '/opml',
    tag: 'sources',
    summary: 'Export your feeds as OPML 2.0',
    rawResponse: { contentType: 'text/x-opml', description: 'OPML 2.0, categories as folders' },
    handler: async (c, { user }) => {
      c.header('content-type', 'text/x-opml; charset=utf-8');
      c.header('content-disposition', 'attachment; filename="checkpoint.opml"');
      return c.body(await exportOpml(app, user.id));
    },
  });

  addRoute(router, registry, {
    method: 'post',
    path: '/opml',
    tag: 'sources',
    summary: 'Import an OPML subscription list (feeds already subscribed are skipped)',
    query: z.object({
      fetch: z.enum(['0', '1']).default('0').describe('1 = fetch the new feeds now'),
    }),
    rawBody: { contentType: 'text/x-opml', description: 'the OPML document' },
    response: z.object({
      added: z.number().int(),
      skipped: z.number().int(),
      errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
    }),
    handler: async (c, { query, user }) => {
      const body = new Uint8Array(await c.req.arrayBuffer());
      if (body.byteLength === 0) throw new ValidationError('opml: the request body is empty');
      if (body.byteLength > MAX_OPML_BYTES)
        throw new ValidationError('opml: the document is larger than 5 MB');
      const result = await importOpml(app, user.id, body, { fetch: query.fetch === '1' });
      return { added: result.added, skipped: result.skipped, errors: result.errors };
    },
  });
}
