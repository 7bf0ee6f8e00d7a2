/**
 * "Trust this certificate" and the warning of a refused move on the Newsletters page, in
 * Chromium against Dovecot: a test against its self-signed certificate names it with its
 * fingerprint and a button that trusts it and tests again; the connected mailbox shows the
 * trusted fingerprint; a mailbox over quota is "OK, with a warning". Screenshots, axe and
 * 360 px overflow of each state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSource } from '../../src/db/repos/sources.ts';
import type { UserRow } from '../../src/db/schema.ts';
import { addImapSource } from '../../src/services/mail/imap-sources.ts';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import { type Dovecot, startDovecot } from '../helpers/dovecot.ts';
import { type E2e, HttpSession, startE2e } from '../helpers/e2e.ts';
import { fillInbox } from '../helpers/mail-world.ts';
import { auditPage } from '../helpers/page-audit.ts';
import { serverFingerprint } from '../helpers/tls-front.ts';

async function audit(e: E2e, name: string): Promise<void> {
  const result = await auditPage(e.browser, name);
  expect(result.violations, name).toEqual([]);
  expect(result.overflow360, `${name}: horizontal scrolling at 360 px`).toBe(0);
  expect(e.browser.pageErrors, name).toEqual([]);
}

describe('trusting a mailbox certificate, and refused moves, on the Newsletters page', () => {
  let e: E2e;
  let dovecot: Dovecot;
  let full: Dovecot;
  let fingerprint: string;
  let user: UserRow;

  beforeAll(async () => {
    dovecot = await startDovecot({ tls: true });
    await fillInbox(dovecot, 3);
    full = await startDovecot({ quota: '100M', dropCapabilities: ['MOVE'] });
    await fillInbox(full, 4);
    fingerprint = await serverFingerprint(dovecot.tlsPort);
    e = await startE2e();
    user = await e.setupAndLogin();
  });
  afterAll(async () => {
    await e?.close();
    await dovecot?.stop();
    await full?.stop();
  });

  it('names the refused certificate, trusts it with one click, and shows it trusted', async () => {
    const { page } = e;
    await e.goto('/sources/newsletters');
    await page.fill('#imap-host', dovecot.host);
    await page.fill('#imap-port', String(dovecot.tlsPort));
    await page.selectOption('#imap-tls', 'tls');
    await page.fill('#imap-user', dovecot.user);
    await page.fill('#imap-password', dovecot.password);
    await page.click('#imap-test');
    const result = page.locator('#imap-test-result');
    await expect.poll(() => result.locator('code.fingerprint').textContent()).toBe(fingerprint);
    expect(await result.getAttribute('class')).toBe('notice error');
    expect(await result.locator('strong').textContent()).toBe(
      'The server’s certificate is not trusted. If this is your own server, compare its fingerprint and trust it.',
    );
    expect(await result.locator('.certificate').textContent()).toMatch(
      /^The server’s certificate: CN=localhost, issued by CN=localhost, valid \d{4}-\d\d-\d\d to/,
    );
    expect(await result.locator('.detail').first().textContent()).toContain(
      'the certificate is not trusted (it is self-signed)',
    );
    await audit(e, 'mailbox-certificate-untrusted');

    await result.locator('button.trust-certificate').click();
    await expect
      .poll(() => result.locator('strong').textContent())
      .toBe('Connected. There are 4 messages in INBOX.');
    expect(await page.inputValue('#imap-tlsFingerprint')).toBe(fingerprint);

    await Promise.all([page.waitForLoadState('load'), page.click('#imap-form button.primary')]);
    const row = await e.app.db.kysely
      .selectFrom('sources')
      .select('id')
      .where('kind', '=', 'imap')
      .executeTakeFirstOrThrow();
    await page.locator(`details.settings:has(#imap-${row.id}-tlsFingerprint) summary`).click();
    expect(await page.inputValue(`#imap-${row.id}-tlsFingerprint`)).toBe(fingerprint);
    await audit(e, 'mailbox-certificate-trusted');
  });

  it('without the script, the trust button posts the fingerprint and tests again', async () => {
    const http = new HttpSession(e.url);
    expect((await http.login(user.email)).status).toBe(303);
    const response = await http.post('/sources/newsletters/test', {
      ...{ host: dovecot.host, port: String(dovecot.tlsPort), tls: 'tls' },
      ...{ user: dovecot.user, password: dovecot.password, folder: 'INBOX' },
      tlsFingerprint: '',
      trustFingerprint: fingerprint,
    });
    const html = await response.text();
    expect(html).toContain('Connected. There are 4 messages in INBOX.');
    expect(html).toContain(`value="${fingerprint}"`);
  });

  it('shows a mailbox whose moves are refused as OK, with a warning', async () => {
    const view = await addImapSource(e.app, user.id, {
      ...{ host: full.host, port: full.port, tls: 'none', user: full.user },
      ...{ password: full.password, sinceDays: 0, moveTo: 'Checkpoint' },
    });
    await full.setQuota('1K');
    const result = await refreshSource(
      e.app,
      (await findSource(e.app.db.kysely, user.id, view.id))!,
    );
    expect(result).toMatchObject({ status: 'ok', error: null });
    await e.goto('/sources/newsletters');
    const status = e.page.locator('.status-warn');
    expect(await status.textContent()).toMatch(
      /^OK, with a warning: imap: 4 stored newsletters stay in INBOX: 127\.0\.0\.1 refused to move them to Checkpoint \(NO \[OVERQUOTA\]/,
    );
    await audit(e, 'mailbox-move-warning');
  });
});
