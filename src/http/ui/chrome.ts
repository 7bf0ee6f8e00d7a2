import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { formatLocalDate } from '../../lib/dates.ts';
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

/** Formats an instant for the user: weekday and time in their zone and language (and the year
 * when it is not this year's; `now` is the app clock's where the page has it). */
export function formatWhen(iso: string | null, tz: string, lang: string, now = new Date()): string {
  if (!iso) return '—';
  return formatLocalDate(iso, { tz, locale: localeOf(lang), now, weekday: true });
}

/** Formats an instant as day, month and time (with the year when it is not this year's). */
export function formatDate(iso: string | null, tz: string, lang: string, now = new Date()): string {
  if (!iso) return '—';
  return formatLocalDate(iso, { tz, locale: localeOf(lang), now });
}

const localeOf = (lang: string) => (lang === 'nl' ? 'nl-NL' : 'en-GB');

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
