import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { UiEnv } from './env.ts';
import { unshownFlash } from './flash.ts';
import { Layout, Notice } from './layout.tsx';

/** Everything a page needs from the request: translation, user, CSRF token, assets. */
export function chromeOf(c: Context<UiEnv>) {
  return {
    t: c.get('t'),
    lang: c.get('lang'),
    assets: c.get('assets'),
    user: c.get('user') ?? null,
    csrf: c.get('csrf') ?? null,
  };
}

/**
 * Renders a page in the layout. What a redirected form left to say (flash.ts) is shown above
 * the page when the page did not show it itself.
 */
export function renderPage(
  c: Context<UiEnv>,
  page: {
    title: string;
    active?: string;
    wide?: boolean;
    status?: 200 | 400 | 403 | 404 | 422 | 429;
  },
  body: Child,
): Response | Promise<Response> {
  const flash = c.get('user') ? unshownFlash(c) : {};
  const children: Child =
    flash.notice || flash.error
      ? [Notice({ text: flash.notice }), Notice({ text: flash.error, error: true }), body]
      : body;
  return c.html(
    `<!doctype html>${Layout({ chrome: chromeOf(c), title: page.title, active: page.active, wide: page.wide, children })}`,
    page.status ?? 200,
  );
}

/** Formats an instant for the user: weekday and time in their zone and language. */
export function formatWhen(iso: string | null, tz: string, lang: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    timeZone: tz,
    weekday: 'long',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

export function formatDate(iso: string | null, tz: string, lang: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    timeZone: tz,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** Reads a form field as a string ('' when absent). */
export async function formField(c: Context<UiEnv>, name: string): Promise<string> {
  const body = await c.req.parseBody();
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

/** Whether the client asked for JSON (the client script's in-place actions). */
export function wantsJson(c: Context<UiEnv>): boolean {
  return (c.req.header('accept') ?? '').includes('application/json');
}
