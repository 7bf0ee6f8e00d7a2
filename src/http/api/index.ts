import { Hono } from 'hono';
import type { App } from '../../services/app.ts';
import type { ApiEnv } from '../env.ts';
import { bearerAuth } from '../middleware/bearer-auth.ts';
import { checkpointRoutes } from './checkpoints.ts';
import { feedTokenRoutes } from './feed-token.ts';
import { itemRoutes } from './items.ts';
import { mailRoutes } from './mail.ts';
import { openApiDocument } from './openapi.ts';
import { opmlRoutes } from './opml.ts';
import { pushRoutes } from './push.ts';
import type { AnyRouteSpec } from './route.ts';
import { socialRoutes } from './social.ts';
import { sourceRoutes } from './sources.ts';

/** Adds the routes of one area of the API; later issues add theirs to `API_AREAS`. */
export type ApiArea = (router: Hono<ApiEnv>, registry: AnyRouteSpec[], app: App) => void;

export const API_AREAS: ApiArea[] = [
  sourceRoutes,
  itemRoutes,
  opmlRoutes,
  checkpointRoutes,
  feedTokenRoutes,
  pushRoutes,
  mailRoutes,
  socialRoutes,
];

/** The REST API under `/api/v1`: bearer auth on every route, OpenAPI document beside it. */
export function createApi(app: App): Hono<ApiEnv> {
  const registry: AnyRouteSpec[] = [];
  const routes = new Hono<ApiEnv>();
  routes.use('*', bearerAuth(app));
  for (const area of API_AREAS) area(routes, registry, app);

  const api = new Hono<ApiEnv>();
  const document = openApiDocument(registry, app.config.baseUrl);
  api.get('/openapi.json', (c) => c.json(document));
  api.route('/', routes);
  return api;
}
