import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ForbiddenError } from '../../domain/errors.ts';
import { needsSetup } from '../../services/accounts/accounts.ts';
import { findSession, SESSION_DAYS } from '../../services/accounts/sessions.ts';
import type { App } from '../../services/app.ts';
import { isBrowserRequest } from './browser-request.ts';
import type { UiEnv } from './env.ts';
import { isLanguage, negotiateLanguage, translator } from './i18n/index.ts';

export const SESSION_COOKIE = 'cp_session';

export function setSessionCookie(c: Context, app: App, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: app.config.baseUrl.startsWith('https:'),
    path: '/',
    maxAge: SESSION_DAYS * 86_400,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** Sets the language for pages without a user (setup, login): Accept-Language. */
export function anonymousLanguage(): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    const lang = negotiateLanguage(c.req.header('accept-language'));
    c.set('lang', lang);
    c.set('t', translator(lang));
    await next();
  };
}

/**
 * A program's request to a page without a session: a 401 in the API's error shape, never a
 * redirect it would follow to a 200 (see `browser-request.ts`).
 */
function signInFirst(c: Context, notSetUp: boolean): Response {
  const message = notSetUp
    ? 'ui: Checkpoint is not set up yet; open /setup in a browser'
    : 'ui: this page needs a session (log in at /login in a browser); programs use /api/v1 or /intake';
  return c.json({ error: { code: 'unauthorized', message } }, 401);
}

/**
 * Requires a logged-in user: redirects a browser to /setup while Checkpoint is not set up, to
 * /login without a valid session; anything else gets a 401 (JSON). Sets user, CSRF token and
 * language.
 */
export function requireUser(app: App): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = await findSession(app, token);
    if (!session) {
      if (!isBrowserRequest(c)) return signInFirst(c, await needsSetup(app));
      if (await needsSetup(app)) return c.redirect('/setup', 303);
      const back = c.req.method === 'GET' ? `?next=${encodeURIComponent(c.req.path)}` : '';
      return c.redirect(`/login${back}`, 303);
    }
    c.set('user', session.user);
    c.set('csrf', session.csrf);
    c.set('sessionToken', token!);
    const lang = isLanguage(session.user.locale) ? session.user.locale : 'en';
    c.set('lang', lang);
    c.set('t', translator(lang));
    await next();
  };
}

/** Admin-only pages. */
export function requireAdmin(): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    if (c.get('user').role !== 'admin') throw new ForbiddenError('admin: only admins may do this');
    await next();
  };
}
