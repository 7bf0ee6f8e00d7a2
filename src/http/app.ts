import { Hono } from 'hono';
import type { App } from '../services/app.ts';
import { createApi } from './api/index.ts';
import { errorResponse } from './errors.ts';
import { feedRoutes } from './feeds.ts';
import { createIntakeRouter } from './intake/index.ts';
import { ROOT_INTAKE_PATHS, rootIntake } from './intake/root.ts';
import { bodyLimits } from './middleware/body-limit.ts';
import { createOAuthRouter } from './oauth.ts';
import { securityHeaders } from './security.ts';
import { assetRoutes } from './ui/assets.ts';
import { createUi } from './ui/index.tsx';

/**
 * The whole HTTP surface: `/healthz` (anonymous), the REST API under `/api/v1`, the push
 * intake under `/intake` (and ntfy's `POST /` and Gotify's `POST /message` for senders that
 * carry an intake credential), the web UI.
 * Tests call `createHttpApp(app).request(…)` without a server.
 */
export function createHttpApp(app: App): Hono {
  const http = new Hono();
  http.use('*', securityHeaders({ https: app.config.baseUrl.startsWith('https:') }));
  http.onError((error, c) => errorResponse(c, error, app.log));
  // Before the body limits: the intake reads its bodies with its own limit, as under /intake.
  const root = rootIntake(app);
  for (const path of ROOT_INTAKE_PATHS) http.use(path, root);
  http.use('*', bodyLimits());
  http.notFound((c) =>
    c.json(
      { error: { code: 'not_found', message: `http: no route ${c.req.method} ${c.req.path}` } },
      404,
    ),
  );
  http.get('/healthz', (c) => c.json({ status: 'ok' }));
  http.route('/api/v1', createApi(app));
  http.route('/feeds', feedRoutes(app));
  http.route('/intake', createIntakeRouter(app));
  http.route('/oauth', createOAuthRouter(app));
  assetRoutes(http);
  http.route('/', createUi(app));
  return http;
}
