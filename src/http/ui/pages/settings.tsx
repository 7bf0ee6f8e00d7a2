import type { Context, Hono } from 'hono';
import { deleteApiToken, listApiTokens } from '../../../db/repos/api-tokens.ts';
import { listUsers, updateUser } from '../../../db/repos/users.ts';
import { CheckpointError, NotFoundError } from '../../../domain/errors.ts';
import {
  changePassword,
  createInvite,
  updateProfile,
} from '../../../services/accounts/accounts.ts';
import { createApiToken } from '../../../services/accounts/api-tokens.ts';
import { createSession, deleteAllSessions } from '../../../services/accounts/sessions.ts';
import type { App } from '../../../services/app.ts';
import { formatDate, renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import { errorText, LANGUAGES, translator } from '../i18n/index.ts';
import { Csrf, Notice } from '../layout.tsx';
import { requireAdmin, setSessionCookie } from '../session.ts';
import { imageMode } from './items.tsx';

/** `/settings`: profile, remote images, password, API tokens, sessions; `/admin/users` for admins. */
export function settingsPages(router: Hono<UiEnv>, app: App): void {
  const page = async (
    c: Context<UiEnv>,
    notice: string | null = null,
    error: string | null = null,
    token: string | null = null,
  ) => {
    const t = c.get('t');
    const user = c.get('user');
    const csrf = c.get('csrf');
    const tokens = await listApiTokens(app.db.kysely, user.id);
    return renderPage(
      c,
      { title: t('settings.title'), active: 'settings', status: error ? 422 : 200 },
      <>
        <h1>{t('settings.title')}</h1>
        <Notice text={notice} />
        <Notice text={error} error />
        <form method="post" action="/settings/profile" class="card">
          <Csrf token={csrf} />
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
            {Intl.supportedValuesOf('timeZone').map((zone) => (
              <option value={zone} selected={zone === user.tz}>
                {zone}
              </option>
            ))}
            {Intl.supportedValuesOf('timeZone').includes(user.tz) ? null : (
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

        <form method="post" action="/settings/password" class="card">
          <Csrf token={csrf} />
          <h2>{t('settings.password')}</h2>
          <input type="text" name="username" value={user.email} autocomplete="username" hidden />
          <label for="current">{t('settings.currentPassword')}</label>
          <input
            type="password"
            id="current"
            name="current"
            required
            autocomplete="current-password"
          />
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

        <section class="card">
          <h2>{t('settings.tokens')}</h2>
          <p class="help">{t('settings.tokensHelp')}</p>
          {token ? (
            <div class="notice">
              <p>{t('settings.tokenCreated')}</p>
              <div class="copy">
                <input
                  type="text"
                  id="new-token"
                  value={token}
                  readonly
                  aria-label={t('settings.tokens')}
                />
                <button type="button" data-copy="new-token">
                  {t('common.copy')}
                </button>
              </div>
            </div>
          ) : null}
          {tokens.length === 0 ? <p class="muted">{t('settings.noTokens')}</p> : null}
          <ul class="items">
            {tokens.map((tok) => (
              <li class="item token">
                <div>
                  <div class="source-name">{tok.label ?? '—'}</div>
                  <div class="muted small">
                    {t('settings.lastUsed', {
                      when: tok.last_used_at
                        ? formatDate(
                            new Date(tok.last_used_at).toISOString(),
                            user.tz,
                            c.get('lang'),
                          )
                        : t('common.never'),
                    })}
                  </div>
                </div>
                <form method="post" action={`/settings/tokens/${tok.id}/revoke`} class="inline">
                  <Csrf token={csrf} />
                  <button
                    type="submit"
                    class="danger"
                    aria-label={`${t('settings.tokenRevoke')}: ${tok.label ?? tok.id}`}
                  >
                    {t('settings.tokenRevoke')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
          <form method="post" action="/settings/tokens">
            <Csrf token={csrf} />
            <label for="label">{t('settings.tokenLabel')}</label>
            <div class="field-row">
              <input type="text" id="label" name="label" maxlength={100} />
              <button type="submit">{t('settings.tokenCreate')}</button>
            </div>
          </form>
        </section>

        <form method="post" action="/settings/logout-everywhere" class="card">
          <Csrf token={csrf} />
          <h2>{t('settings.sessions')}</h2>
          <button type="submit">{t('settings.logoutEverywhere')}</button>
        </form>
      </>,
    );
  };

  router.get('/settings', (c) => page(c));

  router.post('/settings/profile', async (c) => {
    const user = c.get('user');
    const body = await c.req.parseBody();
    const locale = typeof body.locale === 'string' ? body.locale : user.locale;
    try {
      await updateProfile(app, user, {
        tz: typeof body.tz === 'string' ? body.tz : user.tz,
        locale,
      });
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      return await page(c, null, errorText(c.get('t'), error));
    }
    const settings = {
      ...(JSON.parse(user.settings) as Record<string, unknown>),
      images: body.images === 'on' ? 'proxy' : 'block',
    };
    await updateUser(app.db.kysely, user.id, { settings: JSON.stringify(settings) });
    c.set('user', {
      ...user,
      locale,
      tz: typeof body.tz === 'string' ? body.tz : user.tz,
      settings: JSON.stringify(settings),
    });
    c.set('t', translator(locale));
    c.set('lang', locale === 'nl' ? 'nl' : 'en');
    return await page(c, translator(locale)('settings.saved'));
  });

  router.post('/settings/password', async (c) => {
    const user = c.get('user');
    const body = await c.req.parseBody();
    try {
      await changePassword(app, user, String(body.current ?? ''), String(body.next ?? ''));
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      return await page(c, null, errorText(c.get('t'), error));
    }
    // Every session was ended; this browser gets a fresh one.
    const { token, csrf } = await createSession(app, user.id, c.req.header('user-agent') ?? null);
    setSessionCookie(c, app, token);
    c.set('csrf', csrf);
    return await page(c, c.get('t')('settings.passwordChanged'));
  });

  router.post('/settings/tokens', async (c) => {
    const label =
      String((await c.req.parseBody()).label ?? '')
        .trim()
        .slice(0, 100) || null;
    const { token } = await createApiToken(app.db.kysely, app.clock, c.get('user').id, label);
    return await page(c, null, null, token);
  });

  router.post('/settings/tokens/:id{[0-9]+}/revoke', async (c) => {
    const id = Number(c.req.param('id'));
    if (!(await deleteApiToken(app.db.kysely, c.get('user').id, id)))
      throw new NotFoundError(`token: no token ${id}`);
    return c.redirect('/settings', 303);
  });

  router.post('/settings/logout-everywhere', async (c) => {
    await deleteAllSessions(app, c.get('user').id);
    return c.redirect('/login', 303);
  });

  router.get('/admin/users', requireAdmin(), async (c) => adminPage(c, null));
  router.post('/admin/invites', requireAdmin(), async (c) => {
    const role = (await c.req.parseBody()).role === 'admin' ? 'admin' : 'member';
    const invite = await createInvite(app, c.get('user'), role);
    return await adminPage(c, invite.url);
  });

  const adminPage = async (c: Context<UiEnv>, inviteUrl: string | null) => {
    const t = c.get('t');
    const users = await listUsers(app.db.kysely);
    return renderPage(
      c,
      { title: t('admin.title'), active: 'admin' },
      <>
        <h1>{t('admin.title')}</h1>
        <ul class="items" aria-label={t('admin.title')}>
          {users.map((u) => (
            <li class="item">
              <div class="source-name">{u.email}</div>
              <div class="item-meta">
                <span>{t(u.role === 'admin' ? 'admin.role.admin' : 'admin.role.member')}</span>
                <span>{u.tz}</span>
              </div>
            </li>
          ))}
        </ul>
        <form method="post" action="/admin/invites" class="card">
          <Csrf token={c.get('csrf')} />
          <h2>{t('admin.invite')}</h2>
          {inviteUrl ? (
            <div class="notice">
              <p>{t('admin.inviteCreated')}</p>
              <div class="copy">
                <input
                  type="text"
                  id="invite-url"
                  value={inviteUrl}
                  readonly
                  aria-label={t('admin.invite')}
                />
                <button type="button" data-copy="invite-url">
                  {t('common.copy')}
                </button>
              </div>
            </div>
          ) : null}
          <label for="role">{t('admin.inviteRole')}</label>
          <select id="role" name="role">
            <option value="member">{t('admin.role.member')}</option>
            <option value="admin">{t('admin.role.admin')}</option>
          </select>
          <div class="actions">
            <button type="submit" class="primary">
              {t('admin.invite')}
            </button>
          </div>
        </form>
      </>,
    );
  };
}
