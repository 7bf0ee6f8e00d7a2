import type { Context, Hono } from 'hono';
import { CheckpointError } from '../../../domain/errors.ts';
import { changePassword } from '../../../services/accounts/accounts.ts';
import { createSession, deleteAllSessions } from '../../../services/accounts/sessions.ts';
import {
  createToken,
  listTokens,
  revokeToken,
  saveSettings,
  type TokenView,
} from '../../../services/accounts/settings.ts';
import { imageMode } from '../../../services/accounts/user-settings.ts';
import type { App } from '../../../services/app.ts';
import { formatDate, renderPage } from '../chrome.ts';
import { ShownOnce } from '../components.tsx';
import type { UiEnv } from '../env.ts';
import { redirectWithFlash, takeFlash } from '../flash.ts';
import { errorText, LANGUAGES, translator } from '../i18n/index.ts';
import { Csrf, Notice } from '../layout.tsx';
import { setSessionCookie } from '../session.ts';
import { adminPages } from './admin.tsx';

/** Language, time zone and remote images. */
function ProfileForm({ c }: { c: Context<UiEnv> }) {
  const t = c.get('t');
  const user = c.get('user');
  const zones = Intl.supportedValuesOf('timeZone');
  return (
    <form method="post" action="/settings/profile" class="card">
      <Csrf token={c.get('csrf')} />
      <h2>{t('settings.profile')}</h2>
      <label for="locale">{t('settings.language')}</label>
      <select id="locale" name="locale">
        {Object.entries(LANGUAGES).map(([code, name]) => (
          <option value={code} selected={code === user.locale}>
            {name}
          </option>
        ))}
      </select>
      <label for="tz">{t('settings.tz')}</label>
      <select id="tz" name="tz">
        {zones.map((zone) => (
          <option value={zone} selected={zone === user.tz}>
            {zone}
          </option>
        ))}
        {zones.includes(user.tz) ? null : (
          <option value={user.tz} selected>
            {user.tz}
          </option>
        )}
      </select>
      <label class="check">
        <input type="checkbox" name="images" checked={imageMode(user.settings) === 'proxy'} />
        <span>{t('settings.images')}</span>
      </label>
      <div class="actions">
        <button type="submit" class="primary">
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}

function PasswordForm({ c }: { c: Context<UiEnv> }) {
  const t = c.get('t');
  return (
    <form method="post" action="/settings/password" class="card">
      <Csrf token={c.get('csrf')} />
      <h2>{t('settings.password')}</h2>
      <input
        type="text"
        name="username"
        value={c.get('user').email}
        autocomplete="username"
        hidden
      />
      <label for="current">{t('settings.currentPassword')}</label>
      <input type="password" id="current" name="current" required autocomplete="current-password" />
      <label for="next">{t('settings.newPassword')}</label>
      <input
        type="password"
        id="next"
        name="next"
        required
        minlength={10}
        autocomplete="new-password"
      />
      <div class="actions">
        <button type="submit">{t('settings.password')}</button>
      </div>
    </form>
  );
}

function TokenEntry({ c, tok }: { c: Context<UiEnv>; tok: TokenView }) {
  const t = c.get('t');
  const when = tok.lastUsedAt
    ? formatDate(new Date(tok.lastUsedAt).toISOString(), c.get('user').tz, c.get('lang'))
    : t('common.never');
  return (
    <li class="item token">
      <div>
        <div class="source-name">{tok.label ?? '—'}</div>
        <div class="muted small">{t('settings.lastUsed', { when })}</div>
      </div>
      <form method="post" action={`/settings/tokens/${tok.id}/revoke`} class="inline">
        <Csrf token={c.get('csrf')} />
        <button
          type="submit"
          class="danger"
          aria-label={`${t('settings.tokenRevoke')}: ${tok.label ?? tok.id}`}
        >
          {t('settings.tokenRevoke')}
        </button>
      </form>
    </li>
  );
}

/** API tokens: the one just created, the list with revoke buttons, a form for a new one. */
function TokensSection(props: { c: Context<UiEnv>; tokens: TokenView[]; token: string | null }) {
  const { c, tokens } = props;
  const t = c.get('t');
  return (
    <section class="card">
      <h2>{t('settings.tokens')}</h2>
      <p class="help">{t('settings.tokensHelp')}</p>
      {props.token ? (
        <ShownOnce
          id="new-token"
          value={props.token}
          label={t('settings.tokens')}
          created={t('settings.tokenCreated')}
          t={t}
        />
      ) : null}
      {tokens.length === 0 ? <p class="muted">{t('settings.noTokens')}</p> : null}
      <ul class="items">
        {tokens.map((tok) => (
          <TokenEntry c={c} tok={tok} />
        ))}
      </ul>
      <form method="post" action="/settings/tokens">
        <Csrf token={c.get('csrf')} />
        <label for="label">{t('settings.tokenLabel')}</label>
        <div class="field-row">
          <input type="text" id="label" name="label" maxlength={100} />
          <button type="submit">{t('settings.tokenCreate')}</button>
        </div>
      </form>
    </section>
  );
}

/**
 * The settings page, with an error (422) of the form just sent, or what a saved form left to
 * say (a notice, a token just created) after its redirect.
 */
async function settingsPage(c: Context<UiEnv>, app: App, error: string | null = null) {
  const t = c.get('t');
  const flash = takeFlash(c);
  const shown = { notice: flash.notice, error: error ?? flash.error, token: flash.secret };
  const tokens = await listTokens(app, c.get('user').id);
  return renderPage(
    c,
    { title: t('settings.title'), active: 'settings', status: shown.error ? 422 : 200 },
    <>
      <h1>{t('settings.title')}</h1>
      <Notice text={shown.notice ?? null} />
      <Notice text={shown.error ?? null} error />
      <ProfileForm c={c} />
      <PasswordForm c={c} />
      <TokensSection c={c} tokens={tokens} token={shown.token ?? null} />
      <form method="post" action="/settings/logout-everywhere" class="card">
        <Csrf token={c.get('csrf')} />
        <h2>{t('settings.sessions')}</h2>
        <button type="submit">{t('settings.logoutEverywhere')}</button>
      </form>
    </>,
  );
}

/** `POST /settings/profile`: the page is shown again in the language just chosen. */
async function saveProfile(c: Context<UiEnv>, app: App) {
  const user = c.get('user');
  const body = await c.req.parseBody();
  const locale = typeof body.locale === 'string' ? body.locale : user.locale;
  const tz = typeof body.tz === 'string' ? body.tz : user.tz;
  try {
    const images = body.images === 'on' ? 'proxy' : 'block';
    c.set('user', await saveSettings(app, user, { tz, locale, images }));
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    return await settingsPage(c, app, errorText(c.get('t'), error));
  }
  // Said in the language just chosen: the next page is rendered in it.
  return redirectWithFlash(c, '/settings', { notice: translator(locale)('settings.saved') });
}

/** `POST /settings/password`: every session ends; this browser gets a fresh one. */
async function savePassword(c: Context<UiEnv>, app: App) {
  const user = c.get('user');
  const body = await c.req.parseBody();
  try {
    await changePassword(app, user, String(body.current ?? ''), String(body.next ?? ''));
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    return await settingsPage(c, app, errorText(c.get('t'), error));
  }
  const { token } = await createSession(app, user.id, c.req.header('user-agent') ?? null);
  setSessionCookie(c, app, token);
  return redirectWithFlash(c, '/settings', { notice: c.get('t')('settings.passwordChanged') });
}

/** `POST /settings/tokens`: the new token is shown once. */
async function addToken(c: Context<UiEnv>, app: App) {
  const label =
    String((await c.req.parseBody()).label ?? '')
      .trim()
      .slice(0, 100) || null;
  return redirectWithFlash(c, '/settings', {
    secret: await createToken(app, c.get('user').id, label),
  });
}

/** `/settings`: profile, remote images, password, API tokens, sessions; `/admin/users` for admins. */
export function settingsPages(router: Hono<UiEnv>, app: App): void {
  router.get('/settings', (c) => settingsPage(c, app));
  router.post('/settings/profile', (c) => saveProfile(c, app));
  router.post('/settings/password', (c) => savePassword(c, app));
  router.post('/settings/tokens', (c) => addToken(c, app));
  router.post('/settings/tokens/:id{[0-9]+}/revoke', async (c) => {
    await revokeToken(app, c.get('user').id, Number(c.req.param('id')));
    return c.redirect('/settings', 303);
  });
  router.post('/settings/logout-everywhere', async (c) => {
    await deleteAllSessions(app, c.get('user').id);
    return c.redirect('/login', 303);
  });
  adminPages(router, app);
}
