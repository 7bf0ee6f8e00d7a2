/**
 * The addresses forms post to, opened with GET (the address bar after a form answered 422 with
 * its errors, a bookmark, a reload): they show the page the form belongs to, never the JSON 404
 * of an address the web app does not know. The page is served by the app itself, as if it had
 * been asked for, so that it is checked as that page is (session, admin, language).
 * Forms on a row's address (`/sources/7/remove`) always answer with a redirect, their failures
 * too, so their address never stays in the address bar; they get no page of their own.
 */
import type { Hono } from 'hono';
import type { UiEnv } from './env.ts';

/**
 * The page of a form address: the nearest address above it that has a page, else the first page
 * of its area (`/admin/invites` → `/admin/users`), else the checkpoint.
 */
function pageAbove(path: string, pages: Set<string>): string {
  const segments = path.split('/').filter(Boolean);
  for (let n = segments.length - 1; n > 0; n--) {
    const candidate = `/${segments.slice(0, n).join('/')}`;
    if (pages.has(candidate)) return candidate;
  }
  const area = [...pages].find((p) => !p.includes(':') && p.startsWith(`/${segments[0]}/`));
  return area ?? '/checkpoint';
}

/**
 * Adds a GET to every form address of the web app that has none and names no row; call it
 * after every page is registered.
 *
 * @example for (const area of UI_AREAS) area(ui, app); formAddressPages(ui);
 */
export function formAddressPages(ui: Hono<UiEnv>): void {
  const pages = new Set(ui.routes.filter((r) => r.method === 'GET').map((r) => r.path));
  const forms = new Set(ui.routes.filter((r) => r.method === 'POST').map((r) => r.path));
  for (const path of forms) {
    if (pages.has(path) || path.includes(':')) continue;
    const page = pageAbove(path, pages);
    ui.get(path, (c) =>
      ui.fetch(new Request(new URL(page, c.req.url), { headers: c.req.raw.headers }), c.env),
    );
  }
}
