import { Hono } from 'hono';
import { CheckpointError } from '../../domain/errors.ts';
import type { App } from '../../services/app.ts';
import { loadAssets } from './assets.ts';
import { renderPage } from './chrome.ts';
import { csrfProtection } from './csrf.ts';
import type { UiEnv } from './env.ts';
import { formAddressPages } from './form-addresses.ts';
import { errorText } from './i18n/index.ts';
import { imageProxy } from './image-proxy.ts';
import { authPages } from './pages/auth.tsx';
import { breakthroughChannelPages } from './pages/breakthrough-channel.tsx';
import { checkpointPages } from './pages/checkpoint.tsx';
import { importPages } from './pages/imports.tsx';
import { itemPages } from './pages/items.tsx';
import { laterPages } from './pages/later.tsx';
import { ledgerPages } from './pages/ledger.tsx';
import { newsletterPages } from './pages/newsletters.tsx';
import { rulePages } from './pages/rules.tsx';
import { schedulePages } from './pages/schedule.tsx';
import { settingsPages } from './pages/settings.tsx';
import { socialPages } from './pages/social.tsx';
import { sourcePages } from './pages/sources.tsx';
import { undeliveredPages } from './pages/undelivered-breakthroughs.tsx';
import { preSessionCsrf } from './pre-session.ts';
import { anonymousLanguage, requireUser } from './session.ts';

/** Adds the pages of one area of the web app; later features add theirs to `UI_AREAS`. */
export type UiArea = (router: Hono<UiEnv>, app: App) => void;

export const UI_AREAS: UiArea[] = [
  checkpointPages,
  itemPages,
  laterPages,
  sourcePages,
  newsletterPages,
  socialPages,
  importPages,
  rulePages,
  schedulePages,
  ledgerPages,
  settingsPages,
  breakthroughChannelPages,
  undeliveredPages,
];

const PUBLIC = /^\/(setup|login|invite\/[^/]+)$/;
/** Paths the web app leaves to other parts (they answer 404 in their own format). */
const NOT_UI = /^\/(api|intake|feeds|oauth)(\/|$)/;

const HTTP_STATUS: Record<string, 400 | 403 | 404 | 422 | 429> = {
  invalid_input: 400,
  forbidden: 403,
  not_found: 404,
  feed_parse: 422,
  rate_limited: 429,
};

/**
 * The server-rendered web app. Every page but setup, login and invite needs a session; every
 * form is CSRF-protected (those three with a pre-session token); errors become translated HTML
 * pages.
 */
export function createUi(app: App): Hono<UiEnv> {
  const ui = new Hono<UiEnv>();
  const preSession = preSessionCsrf({
    secret: app.config.secret,
    secure: app.config.baseUrl.startsWith('https:'),
  });
  ui.use('*', async (c, next) => {
    if (!NOT_UI.test(c.req.path)) c.set('assets', await loadAssets());
    await next();
  });
  ui.use('*', async (c, next) => {
    if (NOT_UI.test(c.req.path)) return await next();
    if (PUBLIC.test(c.req.path)) {
      await anonymousLanguage()(c, async () => {
        await preSession(c, next);
      });
      return;
    }
    return await requireUser(app)(c, next);
  });
  ui.use('*', async (c, next) => {
    if (NOT_UI.test(c.req.path)) return await next();
    return await csrfProtection(app.config.baseUrl)(c, next);
  });
  ui.onError((error, c) => {
    if (!(error instanceof CheckpointError) || !HTTP_STATUS[error.code])
      app.log.error({ err: error, path: c.req.path }, 'page failed');
    const t = c.get('t');
    const status = error instanceof CheckpointError ? (HTTP_STATUS[error.code] ?? 400) : 500;
    if (!t) return c.text(error.message, status);
    const message =
      status === 404
        ? t('common.notFound')
        : error instanceof CheckpointError
          ? errorText(t, error)
          : t('common.error');
    return renderPage(
      c,
      { title: t('common.error'), status: status === 500 ? 422 : status },
      <>
        <h1>{t('common.error')}</h1>
        <p class="notice error">{message}</p>
        <p>
          <a href="/checkpoint">← {t('nav.checkpoint')}</a>
        </p>
      </>,
    );
  });
  authPages(ui, app);
  for (const area of UI_AREAS) area(ui, app);
  imageProxy(ui, app);
  formAddressPages(ui);
  return ui;
}
