/**
 * Post/redirect/get: a form that succeeded answers 303 to its page, and what the page should say
 * once (a notice, an error, a secret shown once) travels in a short-lived cookie the next page
 * reads and clears. The address bar then holds the page's own URL, so a reload shows the page
 * again instead of sending the form twice or landing on an address that has no page.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { readJsonAs } from '../../lib/json.ts';
import type { UiEnv } from './env.ts';

/** What the page after a redirect shows once. */
export interface Flash {
  notice?: string | null;
  error?: string | null;
  /** A secret shown once (a token just created, an invite link): never in a URL. */
  secret?: string | null;
}

export const FLASH_COOKIE = 'cp_flash';
/** Long enough for the redirect to be followed, short enough not to greet a later visit. */
const FLASH_SECONDS = 120;
const MAX_TEXT = 1000;

/** Per request: the flash read, and whether a page showed it itself. */
const read = new WeakMap<Context, { flash: Flash; shown: boolean }>();

function encode(flash: Flash): string {
  const clip = (value: string | null | undefined) =>
    typeof value === 'string' ? value.slice(0, MAX_TEXT) : undefined;
  const value = { n: clip(flash.notice), e: clip(flash.error), s: clip(flash.secret) };
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** What the cookie carries: short texts under one-letter keys (see `encode`). */
const flashSchema = z.object({
  n: z.string().optional(),
  e: z.string().optional(),
  s: z.string().optional(),
});

function decode(raw: string | undefined): Flash {
  // A cookie we did not write (or damaged): nothing to show.
  const value = raw
    ? readJsonAs(flashSchema, Buffer.from(raw, 'base64url').toString('utf8'))
    : undefined;
  if (!value) return {};
  return { notice: value.n ?? null, error: value.e ?? null, secret: value.s ?? null };
}

/**
 * Answers a form with 303 to `to`, carrying what that page shows once.
 *
 * @example return redirectWithFlash(c, '/settings', { notice: t('settings.saved') });
 */
export function redirectWithFlash(c: Context<UiEnv>, to: string, flash: Flash): Response {
  setCookie(c, FLASH_COOKIE, encode(flash), {
    httpOnly: true,
    sameSite: 'Strict',
    secure: new URL(c.req.url).protocol === 'https:',
    path: '/',
    maxAge: FLASH_SECONDS,
  });
  return c.redirect(to, 303);
}

/**
 * What the previous form left for this page (empty when nothing), read once: the cookie is
 * cleared with this answer, and later calls in the same request get the same value.
 *
 * @example const { notice, secret } = takeFlash(c);
 */
export function takeFlash(c: Context<UiEnv>): Flash {
  const entry = readOnce(c);
  entry.shown = true;
  return entry.flash;
}

/**
 * The flash no page has shown in this request (then it counts as shown), for the layout to show
 * above the page; empty otherwise.
 */
export function unshownFlash(c: Context<UiEnv>): Flash {
  const entry = readOnce(c);
  if (entry.shown) return {};
  entry.shown = true;
  return entry.flash;
}

function readOnce(c: Context<UiEnv>): { flash: Flash; shown: boolean } {
  let entry = read.get(c);
  if (!entry) {
    const raw = getCookie(c, FLASH_COOKIE);
    if (raw !== undefined) deleteCookie(c, FLASH_COOKIE, { path: '/' });
    entry = { flash: decode(raw), shown: false };
    read.set(c, entry);
  }
  return entry;
}
