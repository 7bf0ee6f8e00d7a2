/**
 * The account journeys that end well, in Chromium against the real server: an invite link made
 * in /admin/users is accepted (the new user chooses a password and can log in with it; the link
 * works once), a password change (the new one works, the old one not, other sessions end), an
 * API token made in /settings works on /api/v1 and answers 401 once revoked in the page, and
 * the language and time zone switch in /settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2e, HttpSession, startE2e } from '../helpers/e2e.ts';

const ERIN = 'erin@example.org';
const ERIN_PASSWORD = 'erin’s own long password';
const NEW_PASSWORD = 'a changed, even longer password';

describe('accounts: invite, password, API tokens, language', () => {
  let e: E2e;
  let inviteUrl = '';

  const submit = async (selector: string) => {
    await Promise.all([e.page.waitForLoadState('load'), e.page.click(selector)]);
  };
  const notice = () => e.page.locator('main .notice[role=status]').first().textContent();

  beforeAll(async () => {
    e = await startE2e();
    await e.setupAndLogin();
  });
  afterAll(async () => {
    await e?.close();
  });

  it('an invite link made in the page lets a new user in with the password they choose', async () => {
    const { page } = e;
    await e.goto('/admin/users');
    await submit('form[action="/admin/invites"] button.primary');
    inviteUrl = await page.locator('#invite-url').inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${e.url}/invite/inv_`));
    await Promise.all([page.waitForURL('**/login'), page.click('form.logout button')]);

    await page.goto(inviteUrl);
    expect(await page.locator('h1').textContent()).toContain('Join Checkpoint');
    await page.fill('#email', ERIN);
    await page.fill('#password', ERIN_PASSWORD);
    await page.selectOption('#tz', 'Europe/Lisbon');
    await page.selectOption('#locale', 'en');
    await Promise.all([page.waitForURL('**/sources'), page.click('button[type=submit].primary')]);
    const erin = await e.user(ERIN);
    expect(erin).toMatchObject({ role: 'member', tz: 'Europe/Lisbon', locale: 'en' });
    // A member has no Users page in the navigation.
    expect(await page.locator('.nav a[href="/admin/users"]').count()).toBe(0);

    // Logged out, the chosen password logs in through the login page.
    await Promise.all([page.waitForURL('**/login'), page.click('form.logout button')]);
    await e.login(ERIN, ERIN_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/checkpoint');

    // The link worked once.
    const again = await page.goto(inviteUrl);
    expect(again?.status()).toBe(404);
    expect(await page.locator('main .notice.error').textContent()).toBe(
      'This invite link is not valid any more.',
    );
  });

  it('a password change: the new password works, the old one not, other sessions end', async () => {
    const { page } = e;
    const elsewhere = new HttpSession(e.url);
    expect((await elsewhere.login(ERIN, ERIN_PASSWORD)).status).toBe(303);
    expect((await elsewhere.get('/checkpoint')).status).toBe(200);

    await e.goto('/settings');
    await page.fill('#current', ERIN_PASSWORD);
    await page.fill('#next', NEW_PASSWORD);
    await submit('form[action="/settings/password"] button');
    expect(await notice()).toBe('Password changed. Other sessions were logged out.');
    // This browser got a fresh session and stays logged in.
    await e.goto('/checkpoint');
    expect(new URL(page.url()).pathname).toBe('/checkpoint');
    // The other session is over.
    const ended = await elsewhere.get('/checkpoint');
    expect(ended.status).toBe(303);
    expect(ended.headers.get('location')).toBe('/login?next=%2Fcheckpoint');
    expect((await new HttpSession(e.url).login(ERIN, ERIN_PASSWORD)).status).toBe(422);
    expect((await new HttpSession(e.url).login(ERIN, NEW_PASSWORD)).status).toBe(303);
    // A form in this browser still works with the new session's token.
    await e.goto('/settings');
    await submit('form[action="/settings/profile"] button.primary');
    expect(await notice()).toBe('Saved.');
  });

  it('an API token made in /settings works on /api/v1, and answers 401 once revoked there', async () => {
    const { page } = e;
    await e.goto('/settings');
    await page.fill('#label', 'script on my laptop');
    await submit('form[action="/settings/tokens"] button');
    const token = await page.locator('#new-token').inputValue();
    expect(token).toMatch(/^cpt_/);
    const api = (path: string) =>
      fetch(`${e.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    const sources = await api('/sources');
    expect(sources.status).toBe(200);
    expect(await sources.json()).toEqual([]);
    expect((await api('/items')).status).toBe(200);

    // Shown once: the page after a reload lists the token by name only.
    await e.goto('/settings');
    expect(await page.locator('#new-token').count()).toBe(0);
    expect(await page.content()).not.toContain(token);
    const revoke = page.locator('button[aria-label="Revoke: script on my laptop"]');
    expect(await page.locator('li.token .source-name').allTextContents()).toEqual([
      'script on my laptop',
    ]);
    expect(await page.locator('li.token .muted').first().textContent()).not.toContain('never');
    await Promise.all([page.waitForURL('**/settings'), revoke.click()]);
    expect(await page.locator('li.token').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('No tokens yet.');
    expect((await api('/sources')).status).toBe(401);
    expect((await api('/items')).status).toBe(401);
  });

  it('the language and time zone switch in /settings', async () => {
    const { page } = e;
    await e.goto('/settings');
    await page.selectOption('#locale', 'nl');
    await page.selectOption('#tz', 'Asia/Tokyo');
    await submit('form[action="/settings/profile"] button.primary');
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    expect(await notice()).toBe('Opgeslagen.');
    expect(await page.locator('main h1').textContent()).toBe('Instellingen');
    expect(await page.locator('#tz').inputValue()).toBe('Asia/Tokyo');
    expect(await e.user(ERIN)).toMatchObject({ locale: 'nl', tz: 'Asia/Tokyo' });
    // Every page follows, until it is switched back.
    await e.goto('/sources');
    expect(await page.locator('.nav a[aria-current=page]').textContent()).toBe('Bronnen');
    await e.goto('/settings');
    await page.selectOption('#locale', 'en');
    await submit('form[action="/settings/profile"] button.primary');
    expect(await notice()).toBe('Saved.');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(e.browser.pageErrors).toEqual([]);
  });
});
