/**
 * The addresses forms post to, opened with GET (the address bar after a form answered 422 with
 * its errors, a bookmark, a reload): a page, never the JSON 404 of an address the web app does
 * not know. An address without parameters leads to the page it belongs to (303); one that names
 * a row (`/sources/7/remove`) answers 404 with a link to its page, the same for every user, so
 * that it tells no one whether the row exists.
 */
import type { Context, Hono } from 'hono';
import { renderPage } from './chrome.ts';
import type { UiEnv } from './env.ts';

/** The nearest address above `path` (by segments) that has a page and no parameters. */
function pageAbove(path: string, pages: Set<string>): string {
  const segments = path.split('/').filter(Boolean);
  for (let n = segments.length - 1; n > 0; n--) {
    const candidate = `/${segments.slice(0, n).join('/')}`;
    if (!candidate.includes(':') && pages.has(candidate)) return candidate;
  }
  return '/checkpoint';
}

function formOnly(c: Context<UiEnv>, page: string) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t('common.notFound'), status: 404 },
    <>
      <h1>{t('common.notFound')}</h1>
      <p>{t('form.onlyPost')}</p>
      <p>
        <a href={page}>{t('form.back', { page })}</a>
      </p>
    </>,
  );
}

/**
 * Adds a GET to every form address of the web app that has none; call it after every page is
 * registered.
 *
 * @example for (const area of UI_AREAS) area(ui, app); formAddressPages(ui);
 */
export function formAddressPages(ui: Hono<UiEnv>): void {
  const pages = new Set(ui.routes.filter((r) => r.method === 'GET').map((r) => r.path));
  const forms = new Set(ui.routes.filter((r) => r.method === 'POST').map((r) => r.path));
  for (const path of forms) {
    if (pages.has(path)) continue;
    const page = pageAbove(path, pages);
    if (path.includes(':')) ui.get(path, (c) => formOnly(c, page));
    else ui.get(path, (c) => c.redirect(page, 303));
  }
}
