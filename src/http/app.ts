import { Hono } from 'hono';
import type { App } from '../services/app.ts';
import { createApi } from './api/index.ts';
import { errorResponse } from './errors.ts';

/**
 * The whole HTTP surface: `/healthz` (anonymous), the REST API under `/api/v1`, the web UI.
 * Tests call `createHttpApp(app).request(…)` without a server.
 */
export function createHttpApp(app: App): Hono {
  const http = new Hono();
  http.onError((error, c) => errorResponse(c, error, app.log));
  http.notFound((c) =>
    c.json(
      { error: { code: 'not_found', message: `http: no route ${c.req.method} ${c.req.path}` } },
      404,
    ),
  );
  http.get('/healthz', (c) => c.json({ status: 'ok' }));
  http.route('/api/v1', createApi(app));
  return http;
}
