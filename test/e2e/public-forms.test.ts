/**
 * The forms without a session — setup, login, invite — against the real server: each needs
 * its pre-session CSRF token (double submit: an HttpOnly cookie and its HMAC in the form),
 * with or without an Origin header; a login form posted from another site in Chromium is
 * refused. And the login throttle: failures from one address cannot lock the user out of
 * another (clients on 127.0.0.2…127.0.0.6, the server on 127.0.0.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvite, findInvite, needsSetup } from '../../src/services/accounts/accounts.ts';
import { ADMIN_EMAIL, type E2e, HttpSession, PASSWORD, startE2e, TZ } from '../helpers/e2e.ts';

const SETUP = { email: ADMIN_EMAIL, password: PASSWORD, tz: TZ, locale: 'en', rule: 'on' };

describe('setup, login and invite: CSRF tokens and the login throttle', () => {
  let e: E2e;

  beforeAll(async () => {
    e = await startE2e();
  });
  afterAll(async () => {
    await e?.close();
  });

  it('setup: a POST without its form token is refused, Origin or not; with it, setup works', async () => {
    const s = new HttpSession(e.url);
    // No Origin header and no token (a script, or a browser that leaves Origin out).
    const bare = await s.post('/setup', SETUP, { origin: null });
    expect(bare.status).toBe(403);
    expect(await bare.text()).toContain(
      'This form is out of date or did not come from Checkpoint.',
    );
    expect((await s.post('/setup', { ...SETUP, _csrf: 'forged' }, { origin: null })).status).toBe(
      403,
    );
    // Another browser's token does not go with this browser's cookie, nor a token without one.
    const other = new HttpSession(e.url);
    await other.openPublicPage('/setup');
    await s.openPublicPage('/setup');
    expect(s.preCookie).toMatch(/^cp_csrf=cpc_/);
    expect(s.preCsrf).not.toBe(other.preCsrf);
    expect(
      (await s.post('/setup', { ...SETUP, _csrf: other.preCsrf }, { origin: null, csrf: false }))
        .status,
    ).toBe(403);
    const cookieless = new HttpSession(e.url);
    expect(
      (
        await cookieless.post(
          '/setup',
          { ...SETUP, _csrf: s.preCsrf },
          { origin: null, csrf: false },
        )
      ).status,
    ).toBe(403);
    expect(await needsSetup(e.app)).toBe(true);
    // The cookie and its own token: set up (still without an Origin header).
    const done = await s.post('/setup', SETUP, { origin: null });
    expect(done.status).toBe(303);
    // The suggested rule was ticked: its channel is offered (and tested) next.
    expect(done.headers.get('location')).toBe('/breakthrough-channel?setup=1');
    expect(await needsSetup(e.app)).toBe(false);
  });

  it('login: the right password without the form token logs nobody in', async () => {
    const s = new HttpSession(e.url);
    const refused = await s.post(
      '/login',
      { email: ADMIN_EMAIL, password: PASSWORD },
      { origin: null },
    );
    expect(refused.status).toBe(403);
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('cp_session='))).toBe(false);
    expect((await s.login(ADMIN_EMAIL)).status).toBe(303);
    expect(s.cookie).toMatch(/^cp_session=cps_/);
    expect((await s.get('/checkpoint')).status).toBe(200);
  });

  it('login CSRF in Chromium: a form on another site that logs the browser in is refused', async () => {
    const { page } = e;
    e.site.route('/login-csrf.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><form method="post" action="${e.url}/login"><input name="email" value="${ADMIN_EMAIL}"><input name="password" value="${PASSWORD}"></form><script>document.forms[0].submit()</script>`,
      );
    });
    const answered = page.waitForResponse((r) => r.url() === `${e.url}/login`);
    await page.goto(e.site.urlFor('/login-csrf.html'));
    expect((await answered).status()).toBe(403);
    const cookies = await e.browser.context.cookies(e.url);
    expect(cookies.find((c) => c.name === 'cp_session')).toBeUndefined();
  });

  it('invite: the form needs its token; with it the new user has an account', async () => {
    const invite = await createInvite(e.app, await e.user(), 'member');
    const path = new URL(invite.url).pathname;
    const form = { email: 'dora@example.org', password: PASSWORD, tz: TZ, locale: 'en' };
    const s = new HttpSession(e.url);
    expect((await s.post(path, form, { origin: null })).status).toBe(403);
    expect((await s.post(path, { ...form, _csrf: 'forged' })).status).toBe(403);
    expect(await e.user('dora@example.org')).toBeUndefined();
    await findInvite(e.app, path.split('/').at(-1)!); // still unused
    await s.openPublicPage(path);
    const accepted = await s.post(path, form, { origin: null });
    expect(accepted.status).toBe(303);
    expect((await e.user('dora@example.org'))?.role).toBe('member');
  });

  it('login throttle: an attacker’s failures do not lock the user out of their own device', async () => {
    const carol = 'carol@example.org';
    await e.addUser(carol);
    const from = (address: string) => new HttpSession(e.url, { localAddress: address });
    const attacker = from('127.0.0.2');
    for (let i = 1; i <= 5; i++)
      expect((await attacker.login(carol, `wrong guess ${i}`)).status, `guess ${i}`).toBe(422);
    // The guessing address is refused, even with the right password…
    const sixth = await attacker.login(carol, PASSWORD);
    expect(sixth.status).toBe(429);
    expect(await sixth.text()).toContain('Too many failed attempts.');
    // …while Carol, on an address that has not failed, logs in.
    const own = from('127.0.0.3');
    expect((await own.login(carol, PASSWORD)).status).toBe(303);
    expect((await own.get('/checkpoint')).status).toBe(200);
    // While her e-mail is under attack, a new address gets one guess, not five.
    const second = from('127.0.0.4');
    expect((await second.login(carol, 'another guess')).status).toBe(422);
    expect((await second.login(carol, PASSWORD)).status).toBe(429);
    expect((await from('127.0.0.5').login(carol, PASSWORD)).status).toBe(303);
    // Fifteen minutes later (by the app's clock) the guessing addresses may try again.
    e.clock.advance(15 * 60_000 + 1);
    expect((await attacker.login(carol, PASSWORD)).status).toBe(303);
    expect((await from('127.0.0.6').login(carol, 'a typo')).status).toBe(422);
  });
});
