/**
 * Whether a request comes from a person's browser (a page or one of our forms) — the only
 * kind that a redirect to the login page helps. A push sender or script that gets one follows
 * it, reads the login page's 200 and reports success: its message is lost (Apprise did so).
 */
import type { Context } from 'hono';

/** The bodies a browser form sends (our forms use no other). */
const FORM = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;
/** Our own cookies (session, pre-session CSRF): the client has been here in a browser. */
const OUR_COOKIE = /(^|;)\s*cp_(session|csrf)=/;

/**
 * True for a browser asking for a page or posting a form: no credential of a program (an
 * `Authorization` other than Basic), no body but a form, GET/HEAD/POST, and either `text/html`
 * in Accept or one of our cookies (a session that has just ended). Basic is left to the other
 * signs because browsers behind a password-protected reverse proxy send it with every request.
 *
 * @example isBrowserRequest(c) // false for `curl -d '{"topic":"x"}' https://cp.example/`
 */
export function isBrowserRequest(c: Context): boolean {
  const { method } = c.req;
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return false;
  const authorization = c.req.header('authorization');
  if (authorization && !/^Basic\s/i.test(authorization)) return false;
  const type = c.req.header('content-type');
  if (type && !FORM.test(type)) return false;
  const accept = c.req.header('accept') ?? '';
  if (/text\/html/i.test(accept)) return true;
  // A program that names what it wants (application/json …) is not shown a page.
  if (accept && !accept.includes('*/*')) return false;
  return OUR_COOKIE.test(c.req.header('cookie') ?? '');
}
