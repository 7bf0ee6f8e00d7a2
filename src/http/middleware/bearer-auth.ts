import type { MiddlewareHandler } from 'hono';
import { AuthError } from '../../domain/errors.ts';
import { authenticateApiToken } from '../../services/accounts/api-tokens.ts';
import type { App } from '../../services/app.ts';
import type { ApiEnv } from '../env.ts';

/**
 * Requires `Authorization: Bearer <token>` and sets the token's user; 401 otherwise.
 * Every `/api/v1` route sits behind it.
 */
export function bearerAuth(app: App): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const user = match?.[1] ? await authenticateApiToken(app.db.kysely, app.clock, match[1]) : null;
    if (!user) {
      c.header('WWW-Authenticate', 'Bearer realm="checkpoint"');
      throw new AuthError(
        header
          ? 'auth: invalid bearer token'
          : 'auth: this API needs Authorization: Bearer <token>',
      );
    }
    c.set('user', user);
    await next();
  };
}
