/**
 * The Newsletters tab in Chromium, against real servers: Dovecot (test connection with a wrong
 * and the right password, then connect and fetch), Checkpoint's own SMTP intake (an address
 * made in the page receives a signed newsletter over SMTP; SPF/DKIM/DMARC are shown), one-click
 * unsubscribe sent to a local web server and recorded, remote images held back in the reading
 * view until asked for, and the explanation shown while CHECKPOINT_MAIL_DOMAIN is unset.
 * Screenshots, axe and 360 px overflow of each state.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRow } from '../../src/db/schema.ts';
import type { SmtpIntake } from '../../src/intake/smtp/server.ts';
import { startMailIntake } from '../../src/services/mail/mail-intake.ts';
import { type Dovecot, startDovecot } from '../helpers/dovecot.ts';
import { type E2e, HttpSession, startE2e } from '../helpers/e2e.ts';
import { freePort } from '../helpers/free-port.ts';
import { auditPage } from '../helpers/page-audit.ts';
import { fixtureResolver } from '../helpers/smtp.ts';

const DOMAIN = 'in.checkpoint.test';
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/email/${name}`, import.meta.url), 'utf8');

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
/** DNS as the sender publishes it: good.example allows 127.0.0.1 and signs with `sel`. */
const resolver = fixtureResolver({
  'good.example': { TXT: ['v=spf1 ip4:127.0.0.1 -all'] },
  'sel._domainkey.good.example': {
    TXT: [
      `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
    ],
  },
  '_dmarc.good.example': { TXT: ['v=DMARC1; p=reject'] },
});

/** Screenshots and checks of the page currently open: no axe violation at all, no overflow. */
async function audit(e: E2e, name: string): Promise<void> {
  const result = await auditPage(e.browser, name);
  expect(result.passes, `${name}: axe ran`).toBeGreaterThan(10);
  expect(result.violations, name).toEqual([]);
  expect(result.overflow360, `${name}: horizontal scrolling at 360 px`).toBe(0);
  expect(
    e.browser.console.filter((line) => /Content Security Policy/i.test(line)),
    name,
  ).toEqual([]);
  expect(e.browser.pageErrors, name).toEqual([]);
}

describe('newsletters, with a mail domain', () => {
  let e: E2e;
  let dovecot: Dovecot;
  let intake: SmtpIntake;
  let user: UserRow;
  /** Bodies of the one-click POSTs the senders' unsubscribe endpoint received. */
  const unsubscribed: string[] = [];

  const send = (to: string) =>
    nodemailer
      .createTransport({
        host: '127.0.0.1',
        port: intake.port,
        secure: false,
        ignoreTLS: true,
        name: 'mx.good.example',
      })
      .sendMail({
        from: '"Good News" <news@good.example>',
        to,
        subject: 'Good News — the harbour edition',
        html: `<p>This week: the bridge, the ferries and the market.</p><p><img src="${e.site.urlFor('/images/bridge.png')}" width="640" height="360" alt=""></p>`,
        headers: {
          'List-Id': '<harbour.good.example>',
          'List-Unsubscribe': `<${e.site.urlFor('/u/good')}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
        dkim: {
          domainName: 'good.example',
          keySelector: 'sel',
          privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        },
      });

  beforeAll(async () => {
    dovecot = await startDovecot();
    const smtpPort = await freePort();
    e = await startE2e({
      env: { CHECKPOINT_MAIL_DOMAIN: DOMAIN, CHECKPOINT_SMTP_PORT: String(smtpPort) },
    });
    intake = await startMailIntake(e.app, { host: '127.0.0.1', resolver });
    e.site.route('/u/*', async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      unsubscribed.push(`${req.method} ${req.url} ${Buffer.concat(chunks).toString()}`);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('unsubscribed');
    });
    const date = new Date('2026-03-01T09:00:00Z');
    await dovecot.append('INBOX', fixture('own/list-id-weekly.eml'), { date });
    await dovecot.append('INBOX', fixture('own/precedence-bulk.eml'), { date });
    await dovecot.append(
      'INBOX',
      fixture('own/one-click.eml').replace(
        'https://shop.example.com/u/one-click/abc123',
        e.site.urlFor('/u/shop'),
      ),
      { date },
    );
    await dovecot.append('INBOX', fixture('own/personal.eml'), { date });
    await e.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: e.url,
    });
    user = await e.setupAndLogin();
  });
  afterAll(async () => {
    await intake?.close();
    await e?.close();
    await dovecot?.stop();
  });

  const fillMailbox = async (password: string) => {
    const { page } = e;
    await page.fill('#imap-host', dovecot.host);
    await page.fill('#imap-port', String(dovecot.port));
    await page.selectOption('#imap-tls', 'none');
    await page.fill('#imap-user', dovecot.user);
    await page.fill('#imap-password', password);
  };

  it('the Sources tabs lead to Newsletters, with the main navigation on Sources', async () => {
    await e.goto('/sources');
    const tabs = e.page.locator('nav.subnav a');
    expect(await tabs.allTextContents()).toEqual([
      'Feeds',
      'Newsletters',
      'Social & phone',
      'Imports',
    ]);
    expect(await tabs.first().getAttribute('aria-current')).toBe('page');
    await Promise.all([e.page.waitForURL('**/sources/newsletters'), tabs.nth(1).click()]);
    expect(await e.page.locator('nav.subnav a[aria-current=page]').textContent()).toBe(
      'Newsletters',
    );
    expect(await e.page.locator('nav.nav a[aria-current=page]').textContent()).toBe('Sources');
    expect(await e.page.title()).toBe('Newsletters · Sources · Checkpoint');
  });

  it('"Test connection" shows the clear error for a wrong password, then the folders and the count', async () => {
    const { page } = e;
    await e.goto('/sources/newsletters');
    await fillMailbox('not the password');
    await page.click('#imap-test');
    const result = page.locator('#imap-test-result');
    await expect
      .poll(() => result.locator('strong').textContent())
      .toBe(
        'The server did not accept the user name or password. Many providers need an app password.',
      );
    expect(await result.getAttribute('class')).toBe('notice error');
    expect(await result.locator('.detail').textContent()).toMatch(
      /^imap: wrong user name or password/,
    );
    // In place: the form is still filled in, nothing was saved.
    expect(new URL(page.url()).pathname).toBe('/sources/newsletters');
    expect(await page.inputValue('#imap-host')).toBe('127.0.0.1');
    await auditAfter('newsletters-test-failed');

    await page.fill('#imap-password', dovecot.password);
    await page.click('#imap-test');
    // Dovecot delays logins from an address that just failed one (its auth penalty).
    await expect
      .poll(() => result.locator('strong').textContent(), { timeout: 20_000 })
      .toBe('Connected. There are 4 messages in INBOX.');
    expect(await result.getAttribute('class')).toBe('notice');
    expect(await result.locator('.detail').textContent()).toContain('INBOX');
    const sources = await e.app.db.kysely
      .selectFrom('sources')
      .select('id')
      .where('kind', '=', 'imap')
      .execute();
    expect(sources).toEqual([]);
  });

  /** Audits the page as it is now (a helper so that the flow above reads in order). */
  async function auditAfter(name: string): Promise<void> {
    await audit(e, name);
  }

  it('without the script, "Test connection" answers with the page and the result', async () => {
    const http = new HttpSession(e.url);
    expect((await http.login(user.email)).status).toBe(303);
    const response = await http.post('/sources/newsletters/test', {
      host: dovecot.host,
      port: String(dovecot.port),
      tls: 'none',
      user: dovecot.user,
      password: 'wrong again',
      folder: 'Archive',
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('The server did not accept the user name or password.');
    expect(html).toContain('value="Archive"');
    expect(html).not.toContain('wrong again');
  });

  it('connects the mailbox: newsletters are fetched and held, other mail is left alone', async () => {
    const { page } = e;
    await e.goto('/sources/newsletters');
    await fillMailbox(dovecot.password);
    await page.fill('#imap-senders', 'club.example.org');
    await Promise.all([page.waitForLoadState('load'), page.click('#imap-form button.primary')]);
    expect(await page.locator('.notice[role=status]').first().textContent()).toBe(
      'Connected reader@127.0.0.1: 3 newsletters are held for your next checkpoint.',
    );
    const row = page.locator('section[aria-labelledby=mailboxes-title] li.source');
    expect(await row.locator('.source-name').textContent()).toBe('reader@127.0.0.1');
    const items = await e.app.db.kysely
      .selectFrom('items')
      .select(['title', 'kind', 'would_push'])
      .where('user_id', '=', user.id)
      .orderBy('title')
      .execute();
    expect(items.map((i) => i.title)).toEqual([
      'Club news: training moves to Thursday',
      'Spring sale starts today',
      'The Weekly — Issue 42: Cafés',
    ]);
    expect(items.every((i) => i.kind === 'newsletter' && i.would_push === 1)).toBe(true);
    // The mailbox settings show what was chosen (the password never).
    await row.locator('details.settings > summary', { hasText: 'Mailbox settings' }).click();
    const settings = row.locator(`form[action^="/sources/newsletters/imap/"]`);
    // A marked domain is kept as `@domain` (subdomains included).
    expect(await settings.locator('textarea[name=senders]').inputValue()).toBe('@club.example.org');
    expect(await settings.locator('input[name=password]').inputValue()).toBe('');
  });

  it('own addresses: create one with a label and copy it; a newsletter sent to it arrives with SPF/DKIM/DMARC', async () => {
    const { page } = e;
    await e.goto('/sources/newsletters');
    await page.fill('#address-label', 'Good News');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action="/sources/newsletters/addresses"] button'),
    ]);
    const notice = await page.locator('.notice[role=status]').first().textContent();
    const address = /New address: (\S+@in\.checkpoint\.test)\./.exec(notice ?? '')?.[1];
    expect(address, notice ?? '').toBeDefined();
    const item = page.locator('#addresses li.address');
    expect(await item.locator('.source-name').textContent()).toBe('Good News');
    expect(await item.locator('input[readonly]').inputValue()).toBe(address);
    await item.locator('button[data-copy]').click();
    await expect.poll(() => item.locator('button[data-copy]').textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);

    const info = await send(address!);
    expect(info.response).toMatch(/^250 /);
    await e.goto('/sources/newsletters');
    const sender = page.locator('#senders li.sender', { hasText: 'news@good.example' });
    expect(await sender.locator('.source-name').textContent()).toBe('Good News');
    expect(await sender.locator('.auth > span').allTextContents()).toEqual([
      'SPF pass',
      'DKIM pass',
      'DMARC pass',
    ]);
    expect(await sender.locator('.item-meta').first().textContent()).toContain('1 newsletter');
    // The weekly offers a link and a mailto (no one-click): they are shown, not sent.
    const weekly = page.locator('#senders li.sender', { hasText: 'weekly@news.example.org' });
    expect(await weekly.locator('a.button').first().getAttribute('href')).toBe(
      'https://news.example.org/unsubscribe?u=42&list=weekly',
    );
    expect(await weekly.locator('a[href^="mailto:"]').count()).toBe(1);
    expect(await weekly.locator('button', { hasText: 'Unsubscribe' }).count()).toBe(0);
    const club = page.locator('#senders li.sender', { hasText: 'club-news@club.example.org' });
    expect(await club.textContent()).toContain('No unsubscribe link in the headers');
    await audit(e, 'newsletters');
  });

  it('one-click unsubscribe is sent to the sender and recorded', async () => {
    const { page } = e;
    await e.goto('/sources/newsletters');
    const sender = page.locator('#senders li.sender', { hasText: 'news@good.example' });
    await Promise.all([
      page.waitForURL('**/sources/newsletters?unsubscribed=*'),
      sender.getByRole('button', { name: 'Unsubscribe from Good News' }).click(),
    ]);
    expect(await page.locator('.notice[role=status]').first().textContent()).toBe(
      'Unsubscribed from news@good.example: the sender confirmed it.',
    );
    expect(unsubscribed).toEqual(['POST /u/good List-Unsubscribe=One-Click']);
    const row = page.locator('#senders li.sender', { hasText: 'news@good.example' });
    expect(await row.textContent()).toMatch(/Unsubscribed .+ \(one click\)\./);
    expect(await row.locator('button').count()).toBe(0);
    const recorded = await e.app.db.kysely
      .selectFrom('unsubscribes')
      .select(['sender', 'method', 'status', 'http_status'])
      .where('user_id', '=', user.id)
      .execute();
    expect(recorded).toEqual([
      { sender: 'news@good.example', method: 'one-click', status: 'done', http_status: 200 },
    ]);
  });

  it('the reading view holds a newsletter’s remote images back until “Show images”', async () => {
    const { page } = e;
    const item = await e.app.db.kysely
      .selectFrom('items')
      .select('id')
      .where('title', '=', 'Good News — the harbour edition')
      .executeTakeFirstOrThrow();
    const before = e.browser.requests.length;
    await e.goto(`/items/${item.id}`);
    expect(await page.locator('.content .blocked-image').count()).toBe(1);
    expect(await page.locator('.content img').count()).toBe(0);
    expect(e.browser.requests.slice(before).some((u) => u.includes('/img?'))).toBe(false);
    await audit(e, 'reading-newsletter');
    await Promise.all([page.waitForURL('**/items/*?images=1'), page.click('#show-images')]);
    const image = page.locator('.content img');
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(640);
    expect(await image.getAttribute('src')).toMatch(/^\/img\?u=/);
  });

  it('removes an address: its mail is refused from then on, what arrived stays', async () => {
    const { page } = e;
    await e.goto('/sources/newsletters');
    const item = page.locator('#addresses li.address');
    const address = await item.locator('input[readonly]').inputValue();
    await item.locator('details.confirm > summary').click();
    await Promise.all([
      page.waitForLoadState('load'),
      item.locator('details.confirm button.danger').click(),
    ]);
    expect(await page.locator('.notice[role=status]').first().textContent()).toBe(
      `${address} no longer receives mail. What arrived stays (its source is paused).`,
    );
    expect(await page.locator('#addresses li.address').count()).toBe(0);
    await expect(send(address)).rejects.toThrow(/550/);
    const kept = await e.app.db.kysely
      .selectFrom('items')
      .select('id')
      .where('title', '=', 'Good News — the harbour edition')
      .execute();
    expect(kept).toHaveLength(1);
  });
});

describe('newsletters, without a mail domain', () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e();
    await e.setupAndLogin();
  });
  afterAll(async () => {
    await e?.close();
  });

  it('explains what to configure (CHECKPOINT_MAIL_DOMAIN and the MX record) instead of a form', async () => {
    await e.goto('/sources/newsletters');
    const unset = e.page.locator('#mail-domain-unset');
    expect(await unset.textContent()).toContain(
      'This server has no mail domain yet, so it cannot hand out addresses.',
    );
    expect(await unset.locator('code').allTextContents()).toEqual(
      expect.arrayContaining(['CHECKPOINT_MAIL_DOMAIN', 'CHECKPOINT_SMTP_PORT']),
    );
    expect(await unset.locator('pre').textContent()).toContain('MX  10 mx.example.org.');
    expect(await e.page.locator('form[action="/sources/newsletters/addresses"]').count()).toBe(0);
    expect(await e.page.locator('#senders').textContent()).toContain(
      'No newsletters have arrived yet.',
    );
    await audit(e, 'newsletters-no-domain');
  });

  it('creating an address anyway answers with the explanation and creates nothing', async () => {
    const http = new HttpSession(e.url);
    expect((await http.login((await e.user()).email)).status).toBe(303);
    const response = await http.post('/sources/newsletters/addresses', { label: 'x' });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(
      'Addresses need a mail domain: set CHECKPOINT_MAIL_DOMAIN (and an MX record for it) first.',
    );
    expect(await e.app.db.kysely.selectFrom('mail_addresses').selectAll().execute()).toEqual([]);
  });
});
