import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { CheckpointError } from '../../../domain/errors.ts';
import { SUGGESTED_RULE } from '../../../domain/rules.ts';
import {
  acceptInvite,
  completeSetup,
  findInvite,
  login,
  needsSetup,
} from '../../../services/accounts/accounts.ts';
import { createSession, deleteSession } from '../../../services/accounts/sessions.ts';
import type { App } from '../../../services/app.ts';
import { addRule } from '../../../services/checkpoints/rules.ts';
import { renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import { errorText, LANGUAGES, type Translate, translator } from '../i18n/index.ts';
import { Csrf, Notice } from '../layout.tsx';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../session.ts';

/** Common IANA zones for the picker; the browser's own zone is preselected by the client when known. */
const ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];

function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function Brand({ title }: { title: string }) {
  return (
    <h1>
      <img src="/icon.svg" alt="" width="36" height="36" />
      {title}
    </h1>
  );
}

function ProfileFields(props: { t: Translate; tz: string; lang: string }) {
  const { t } = props;
  return (
    <>
      <label for="tz">{t('setup.tz')}</label>
      <select id="tz" name="tz" data-detect-tz>
        {ZONES.map((zone) => (
          <option value={zone} selected={zone === props.tz}>
            {zone}
          </option>
        ))}
      </select>
      <label for="locale">{t('setup.language')}</label>
      <select id="locale" name="locale">
        {Object.entries(LANGUAGES).map(([code, name]) => (
          <option value={code} selected={code === props.lang}>
            {name}
          </option>
        ))}
      </select>
    </>
  );
}

async function fields(c: Context<UiEnv>) {
  const body = await c.req.parseBody();
  const get = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  return {
    email: get('email'),
    password: get('password'),
    tz: get('tz') || 'UTC',
    locale: get('locale') || 'en',
    rule: get('rule') === 'on',
    next: get('next'),
  };
}

function safeNext(next: string | undefined): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/checkpoint';
}

/** Setup (first run), login, logout and invites: the pages that need no session. */
export function authPages(router: Hono<UiEnv>, app: App): void {
  const setupPage = (
    c: Context<UiEnv>,
    error: string | null,
    values: { email: string; tz: string; lang: string },
  ) => {
    const t = c.get('t');
    return renderPage(
      c,
      { title: t('setup.title'), status: error ? 422 : 200 },
      <div class="auth card">
        <Brand title={t('setup.title')} />
        <p class="lead">{t('setup.intro')}</p>
        <Notice text={error} error />
        <form method="post" action="/setup">
          <Csrf token={c.get('csrf')} />
          <label for="email">{t('setup.email')}</label>
          <input
            type="email"
            id="email"
            name="email"
            required
            autocomplete="email"
            value={values.email}
          />
          <label for="password">{t('setup.password')}</label>
          <input
            type="password"
            id="password"
            name="password"
            required
            minlength={10}
            autocomplete="new-password"
          />
          <ProfileFields t={t} tz={values.tz} lang={values.lang} />
          <label class="check">
            <input type="checkbox" name="rule" checked />
            <span>
              {t('setup.rule')}
              <span class="help">{t('setup.ruleHelp')}</span>
            </span>
          </label>
          <div class="actions">
            <button type="submit" class="primary">
              {t('setup.submit')}
            </button>
          </div>
        </form>
      </div>,
    );
  };

  router.get('/setup', async (c) => {
    if (!(await needsSetup(app))) return c.redirect('/login', 303);
    return setupPage(c, null, { email: '', tz: 'UTC', lang: c.get('lang') });
  });

  router.post('/setup', async (c) => {
    if (!(await needsSetup(app))) return c.redirect('/login', 303);
    const form = await fields(c);
    try {
      const user = await completeSetup(app, {
        email: form.email,
        password: form.password,
        tz: form.tz,
        locale: form.locale,
        suggestedRule: false,
      });
      // The suggested rule, named in the language the user chose.
      if (form.rule)
        await addRule(app, user.id, {
          ...SUGGESTED_RULE,
          name: translator(user.locale)('setup.ruleName'),
        });
      const { token } = await createSession(app, user.id, c.req.header('user-agent') ?? null);
      setSessionCookie(c, app, token);
      return c.redirect('/sources', 303);
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      c.set('t', translator(form.locale));
      return setupPage(c, errorText(c.get('t'), error).replace(/^\w+: /, ''), {
        email: form.email,
        tz: form.tz,
        lang: form.locale,
      });
    }
  });

  const loginPage = (
    c: Context<UiEnv>,
    error: string | null,
    email: string,
    status: 200 | 422 | 429 = 200,
  ) => {
    const t = c.get('t');
    return renderPage(
      c,
      { title: t('login.title'), status },
      <div class="auth card">
        <Brand title={t('login.title')} />
        <Notice text={error} error />
        <form method="post" action="/login">
          <Csrf token={c.get('csrf')} />
          <input type="hidden" name="next" value={safeNext(c.req.query('next'))} />
          <label for="email">{t('login.email')}</label>
          <input
            type="email"
            id="email"
            name="email"
            required
            autocomplete="username"
            value={email}
            autofocus
          />
          <label for="password">{t('login.password')}</label>
          <input
            type="password"
            id="password"
            name="password"
            required
            autocomplete="current-password"
          />
          <div class="actions">
            <button type="submit" class="primary">
              {t('login.submit')}
            </button>
          </div>
        </form>
      </div>,
    );
  };

  router.get('/login', async (c) => {
    if (await needsSetup(app)) return c.redirect('/setup', 303);
    return loginPage(c, null, '');
  });

  router.post('/login', async (c) => {
    const t = c.get('t');
    const form = await fields(c);
    try {
      const user = await login(app, form.email, form.password, clientIp(c));
      const { token } = await createSession(app, user.id, c.req.header('user-agent') ?? null);
      setSessionCookie(c, app, token);
      return c.redirect(safeNext(form.next), 303);
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      const throttled = error.code === 'rate_limited';
      return loginPage(
        c,
        throttled ? t('login.throttled') : t('login.failed'),
        form.email,
        throttled ? 429 : 422,
      );
    }
  });

  router.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(app, token);
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });

  const invitePage = (c: Context<UiEnv>, error: string | null, email: string) => {
    const t = c.get('t');
    return renderPage(
      c,
      { title: t('invite.title'), status: error ? 422 : 200 },
      <div class="auth card">
        <Brand title={t('invite.title')} />
        <p class="lead">{t('invite.intro')}</p>
        <Notice text={error} error />
        <form method="post">
          <Csrf token={c.get('csrf')} />
          <label for="email">{t('setup.email')}</label>
          <input type="email" id="email" name="email" required autocomplete="email" value={email} />
          <label for="password">{t('setup.password')}</label>
          <input
            type="password"
            id="password"
            name="password"
            required
            minlength={10}
            autocomplete="new-password"
          />
          <ProfileFields t={t} tz="UTC" lang={c.get('lang')} />
          <div class="actions">
            <button type="submit" class="primary">
              {t('invite.submit')}
            </button>
          </div>
        </form>
      </div>,
    );
  };

  router.get('/invite/:token', async (c) => {
    try {
      await findInvite(app, c.req.param('token'));
    } catch {
      const t = c.get('t');
      return renderPage(
        c,
        { title: t('invite.title'), status: 404 },
        <p class="auth notice error">{t('invite.invalid')}</p>,
      );
    }
    return invitePage(c, null, '');
  });

  router.post('/invite/:token', async (c) => {
    const form = await fields(c);
    try {
      const user = await acceptInvite(app, c.req.param('token'), form);
      const { token } = await createSession(app, user.id, c.req.header('user-agent') ?? null);
      setSessionCookie(c, app, token);
      return c.redirect('/sources', 303);
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      return invitePage(c, errorText(c.get('t'), error).replace(/^\w+: /, ''), form.email);
    }
  });
}
