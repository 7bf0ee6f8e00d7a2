import type { MiddlewareHandler } from 'hono';
import { ForbiddenError } from '../../domain/errors.ts';
import { safeEqual } from '../../lib/crypto.ts';
import type { UiEnv } from './env.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection for every state-changing request of the web UI: the token of the page —
 * the session's, or on setup, login and invite the pre-session one (`pre-session.ts`) — must
 * come back in the `_csrf` form field or the `X-CSRF-Token` header, and a present Origin
 * must be our own. (Cookies are SameSite=Lax as a second line.)
 */
export function csrfProtection(baseUrl: string): MiddlewareHandler<UiEnv> {
  const ownOrigin = new URL(baseUrl).origin;
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return await next();
    const origin = c.req.header('origin');
    const host = c.req.header('host');
    const sameSite = (value: string) => {
      if (value === ownOrigin) return true;
      try {
        return !!host && new URL(value).host === host;
      } catch {
        return false; // "null" (sandboxed frames, privacy modes) cannot be checked
      }
    };
    const expected = c.get('csrf');
    if (origin && !sameSite(origin) && (origin !== 'null' || expected === undefined)) {
      throw new ForbiddenError('csrf: the request comes from another site', 'error.csrf.origin');
    }
    let token = c.req.header('x-csrf-token');
    if (!token) {
      const type = c.req.header('content-type') ?? '';
      if (
        type.includes('application/x-www-form-urlencoded') ||
        type.includes('multipart/form-data')
      ) {
        const body = await c.req.parseBody();
        token = typeof body._csrf === 'string' ? body._csrf : undefined;
      }
    }
    // Every UI path has a token (the session's or the pre-session one); none means refuse.
    if (expected === undefined || !token || !safeEqual(token, expected))
      throw new ForbiddenError(
        'csrf: missing or wrong form token; reload the page',
        'error.csrf.token',
      );
    await next();
  };
}
