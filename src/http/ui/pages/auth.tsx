import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { CheckpointError } from '../../../domain/errors.ts';
import { SUGGESTED_RULE } from '../../../domain/rules.ts';
import type { Network } from '../../../lib/net/ip.ts';
import { parseNetworks } from '../../../lib/net/ssrf.ts';
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
import { clientAddress } from '../../client-address.ts';
import { renderPage } from '../chrome.ts';
import type { UiEnv } from '../env.ts';
import { errorText, translator } from '../i18n/index.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../session.ts';
import { invitePage, loginPage, setupPage } from './auth-forms.tsx';

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

/** Logs the new or returning user in on this browser. */
async function startSession(c: Context<UiEnv>, app: App, userId: number): Promise<void> {
  const { token } = await createSession(app, userId, c.req.header('user-agent') ?? null);
  setSessionCookie(c, app, token);
}

/** A domain error as the auth forms show it: without its module prefix. */
function formError(c: Context<UiEnv>, error: CheckpointError): string {
  return errorText(c.get('t'), error).replace(/^\w+: /, '');
}

/** `POST /setup`: the admin's account, the suggested rule if wanted, and a session. */
async function submitSetup(c: Context<UiEnv>, app: App) {
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
    await startSession(c, app, user.id);
    // A breakthrough needs a channel (Invariant 5): the rule's is offered, and tested, next.
    return c.redirect(form.rule ? '/breakthrough-channel?setup=1' : '/sources', 303);
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    c.set('t', translator(form.locale));
    return setupPage(c, formError(c, error), {
      email: form.email,
      tz: form.tz,
      lang: form.locale,
    });
  }
}

/** `POST /login`: wrong credentials answer 422, too many attempts 429. */
/** The parsed trusted-proxy networks of this app, parsed once. */
const proxies = new WeakMap<App, Network[]>();
function trustedProxies(app: App): Network[] {
  const known = proxies.get(app);
  if (known) return known;
  const networks = parseNetworks(app.config.trustedProxies);
  proxies.set(app, networks);
  return networks;
}

async function submitLogin(c: Context<UiEnv>, app: App) {
  const t = c.get('t');
  const form = await fields(c);
  try {
    const user = await login(app, form.email, form.password, clientAddress(c, trustedProxies(app)));
    await startSession(c, app, user.id);
    return c.redirect(safeNext(form.next), 303);
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    const throttled = error.code === 'rate_limited';
    return loginPage(
      c,
      {
        error: throttled ? t('login.throttled') : t('login.failed'),
        email: form.email,
        next: safeNext(c.req.query('next')),
      },
      throttled ? 429 : 422,
    );
  }
}

/** `GET /invite/:token`: the form, or 404 when the link was used or has expired. */
async function showInvite(c: Context<UiEnv>, app: App) {
  try {
    await findInvite(app, c.req.param('token') as string);
  } catch {
    const t = c.get('t');
    return renderPage(
      c,
      { title: t('invite.title'), status: 404 },
      <p class="auth notice error">{t('invite.invalid')}</p>,
    );
  }
  return invitePage(c, null, '');
}

/** `POST /invite/:token`: creates the account once and logs it in. */
async function submitInvite(c: Context<UiEnv>, app: App) {
  const form = await fields(c);
  try {
    const user = await acceptInvite(app, c.req.param('token') as string, form);
    await startSession(c, app, user.id);
    return c.redirect('/sources', 303);
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error;
    return invitePage(c, formError(c, error), form.email);
  }
}

/** Setup (first run), login, logout and invites: the pages that need no session. */
export function authPages(router: Hono<UiEnv>, app: App): void {
  router.get('/setup', async (c) => {
    if (!(await needsSetup(app))) return c.redirect('/login', 303);
    return setupPage(c, null, { email: '', tz: 'UTC', lang: c.get('lang') });
  });
  router.post('/setup', (c) => submitSetup(c, app));
  router.get('/login', async (c) => {
    if (await needsSetup(app)) return c.redirect('/setup', 303);
    return loginPage(c, { error: null, email: '', next: safeNext(c.req.query('next')) });
  });
  router.post('/login', (c) => submitLogin(c, app));
  router.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(app, token);
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });
  router.get('/invite/:token', (c) => showInvite(c, app));
  router.post('/invite/:token', (c) => submitInvite(c, app));
}
