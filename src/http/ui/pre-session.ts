import { createHmac } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { randomToken } from '../../lib/crypto.ts';
import type { UiEnv } from './env.ts';

/** The cookie that carries the pre-session CSRF secret of the setup, login and invite pages. */
export const PRE_SESSION_COOKIE = 'cp_csrf';
const VALUE = /^cpc_[A-Za-z0-9_-]{20,100}$/;

/** The form token of a pre-session cookie: bound to it and to the instance secret. */
export function preSessionToken(cookie: string, secret: string): string {
  return createHmac('sha256', `pre-session-csrf:${secret}`).update(cookie).digest('base64url');
}

/**
 * CSRF for the pages that have no session yet (setup, login, invite): a random value in an
 * HttpOnly cookie, and its HMAC as the form token (double submit, signed). A site that makes a
 * browser post a login form cannot read the token, and a cookie it manages to plant does not
 * match a token it made up. Sets `csrf` so that `csrfProtection` checks these forms like every
 * other; a request without the cookie gets a fresh one (and its POST is refused).
 */
export function preSessionCsrf(options: {
  secret: string;
  secure: boolean;
}): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    let value = getCookie(c, PRE_SESSION_COOKIE);
    if (!value || !VALUE.test(value)) {
      value = randomToken('cpc', 24);
      setCookie(c, PRE_SESSION_COOKIE, value, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: options.secure,
        path: '/',
      });
    }
    c.set('csrf', preSessionToken(value, options.secret));
    await next();
  };
}
