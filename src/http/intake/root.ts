/**
 * Push senders that cannot be given a path: Apprise's `ntfy://host/topic` publishes ntfy's
 * JSON to the server root (`POST /`), and `gotify://host/TOKEN` posts to `/message`. These
 * paths belong to the web app too, so only requests that carry an intake credential are
 * taken here; the rest go on to the web app (which answers them as before).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { offeredCredentials } from '../../intake/credentials.ts';
import type { App } from '../../services/app.ts';
import { intakeHandlers } from './index.ts';
import { credentialPlaces } from './request.ts';

/** The paths `rootIntake` must be mounted at (with `use`, before the web app). */
export const ROOT_INTAKE_PATHS = ['/', '/message'] as const;

/**
 * ntfy's JSON publish at `POST /` (and `PUT /`) and Gotify's `POST /message`, answered exactly
 * as under `/intake/ntfy` and `/intake/gotify/message` (same authentication, rate and
 * answers) when the request offers an intake credential — a good one or a bad one (401).
 *
 * @example for (const path of ROOT_INTAKE_PATHS) http.use(path, rootIntake(app));
 */
export function rootIntake(app: App): MiddlewareHandler {
  const handlers = intakeHandlers(app);
  return async (c: Context, next) => {
    const { method, path } = c.req;
    const ntfy = path === '/' && (method === 'POST' || method === 'PUT');
    const gotify = path === '/message' && method === 'POST';
    if ((!ntfy && !gotify) || !offeredCredentials(credentialPlaces(c))) return await next();
    return ntfy ? await handlers.ntfyJson(c, next) : await handlers.gotifyMessage(c, next);
  };
}
