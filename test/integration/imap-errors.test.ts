import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  addImapSource,
  type ImapSourceInput,
  testImapConnection,
} from '../../src/services/mail/imap-sources.ts';
import { openTestApp, type TestApp } from '../helpers/db.ts';
import { type Dovecot, startDovecot } from '../helpers/dovecot.ts';

/** Connection problems need no database work, so they run on SQLite only. */
describe('IMAP connection problems', () => {
  let dovecot: Dovecot;
  let t: TestApp;
  beforeAll(async () => {
    dovecot = await startDovecot({ tls: true });
    t = await openTestApp('sqlite');
  });
  afterAll(async () => {
    await t.cleanup();
    await dovecot.stop();
  });
  const login = (extra: Partial<ImapSourceInput> = {}): ImapSourceInput => ({
    host: '127.0.0.1',
    port: dovecot.port,
    tls: 'none',
    user: dovecot.user,
    password: dovecot.password,
    ...extra,
  });

  it('says so when the password is wrong, and stores nothing', async () => {
    // Its own server: Dovecot delays later logins from an address after a failed one.
    const own = await startDovecot();
    onTestFinished(() => own.stop());
    const wrong = login({ port: own.port, password: 'wrong' });
    const result = await testImapConnection(t.app, wrong);
    expect(result).toMatchObject({ ok: false, code: 'imap_auth' });
    expect(result.ok === false && result.error).toMatch(
      /^imap: wrong user name or password for reader at 127\.0\.0\.1/,
    );
    await expect(addImapSource(t.app, 1, wrong)).rejects.toMatchObject({
      code: 'imap_auth',
    });
    expect(await t.app.db.kysely.selectFrom('sources').selectAll().execute()).toEqual([]);
  });

  it('names the folders when the folder does not exist', async () => {
    const result = await testImapConnection(t.app, login({ folder: 'Nope' }));
    expect(result).toMatchObject({ ok: false, code: 'imap_folder' });
    expect(result.ok === false && result.error).toMatch(/no folder "Nope" .*folders: INBOX/);
    expect(await testImapConnection(t.app, login())).toMatchObject({ ok: true, messages: 0 });
  });

  it('reports TLS problems: a self-signed certificate, or TLS on a plain port', async () => {
    const implicit = await testImapConnection(t.app, login({ port: dovecot.tlsPort, tls: 'tls' }));
    expect(implicit).toMatchObject({ ok: false, code: 'imap_tls' });
    expect(implicit.ok === false && implicit.error).toMatch(
      /^imap: TLS problem with 127\.0\.0\.1:/,
    );
    const upgraded = await testImapConnection(t.app, login({ tls: 'starttls' }));
    expect(upgraded).toMatchObject({ ok: false, code: 'imap_tls' });
    const wrongPort = await testImapConnection(t.app, login({ tls: 'tls' }));
    expect(wrongPort.ok).toBe(false);
    expect(wrongPort.ok === false && wrongPort.code).toMatch(/^imap_(tls|connect)$/);
  });

  it('refuses hosts the SSRF guard blocks', async () => {
    const guarded = await openTestApp('sqlite', { env: { CHECKPOINT_ALLOW_NETWORKS: '' } });
    try {
      const result = await testImapConnection(guarded.app, login());
      expect(result).toMatchObject({ ok: false, code: 'imap_blocked' });
      expect(result.ok === false && result.error).toMatch(
        /^imap: 127\.0\.0\.1 is a loopback address/,
      );
    } finally {
      await guarded.cleanup();
    }
  });
});
