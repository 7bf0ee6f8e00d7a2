import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSource } from '../../src/db/repos/sources.ts';
import {
  addImapSource,
  type ImapSourceInput,
  testImapConnection,
  toImapSettingsView,
  updateImapSettings,
} from '../../src/services/mail/imap-sources.ts';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { type Dovecot, startDovecot } from '../helpers/dovecot.ts';
import { newsletter } from '../helpers/mail-world.ts';
import {
  makeCertificate,
  serverFingerprint,
  startTlsFront,
  type TestCertificate,
  type TlsFront,
} from '../helpers/tls-front.ts';

const hex = (fingerprint: string) => fingerprint.replace(/^SHA256:/, '').replace(/:/g, '');
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A mailbox server with a self-signed certificate (Dovecot's own, made by openssl at its start,
 * and a TLS front with certificates this file makes): refused with the certificate named and
 * how to trust it; trusted by fingerprint over TLS and STARTTLS; a changed certificate refused
 * naming both; an expired pinned one accepted with a warning.
 */
describe.each(DIALECTS)('trusting a mailbox certificate by fingerprint, on %s', (dialect) => {
  let dovecot: Dovecot;
  let t: TestApp;
  let dir: string;
  let front: TlsFront;
  let first: TestCertificate;
  let dovecotFingerprint: string;
  /** The TLS source trusted by fingerprint. */
  let pinnedId = 0;
  const clock = new TestClock(new Date());
  const login = (extra: Partial<ImapSourceInput>): ImapSourceInput => ({
    ...{ host: '127.0.0.1', port: dovecot.port, tls: 'starttls', user: dovecot.user },
    ...{ password: dovecot.password, sinceDays: 0 },
    ...extra,
  });
  const refresh = async (id: number) =>
    await refreshSource(t.app, (await findSource(t.app.db.kysely, 1, id))!);

  beforeAll(async () => {
    dovecot = await startDovecot({ tls: true });
    await dovecot.append('INBOX', newsletter(1));
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-certs-'));
    first = makeCertificate(dir, 'first');
    front = await startTlsFront(dovecot.port, first);
    dovecotFingerprint = await serverFingerprint(dovecot.tlsPort);
    t = await openTestApp(dialect, { clock });
  }, 60_000);
  afterAll(async () => {
    await t.cleanup();
    await front.close();
    await dovecot.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('names an untrusted certificate with its fingerprint and how to trust it', async () => {
    for (const input of [login({ port: dovecot.tlsPort, tls: 'tls' }), login({})]) {
      const result = await testImapConnection(t.app, input);
      expect(result).toMatchObject({
        ok: false,
        code: 'imap_tls',
        certificate: { fingerprint: dovecotFingerprint, subject: 'CN=localhost', selfSigned: true },
      });
      expect(result.ok === false && result.error).toMatch(
        new RegExp(
          `^imap: TLS problem with 127\\.0\\.0\\.1:${input.port}: the certificate is not trusted \\(it is self-signed\\): CN=localhost \\(self-signed, valid \\d{4}-\\d\\d-\\d\\d to \\d{4}-\\d\\d-\\d\\d\\), fingerprint ${literal(dovecotFingerprint)}; .*--trust-fingerprint ${literal(dovecotFingerprint)}`,
        ),
      );
    }
    await expect(addImapSource(t.app, 1, login({}))).rejects.toMatchObject({ code: 'imap_tls' });
  });

  it('fetches over TLS and STARTTLS once the fingerprint is trusted', async () => {
    // Pasted as plain lower-case hex and as openssl prints it: stored in one spelling.
    const tls = await addImapSource(
      t.app,
      1,
      login({
        port: dovecot.tlsPort,
        tls: 'tls',
        tlsFingerprint: hex(dovecotFingerprint).toLowerCase(),
      }),
    );
    const starttls = await addImapSource(
      t.app,
      1,
      login({ tlsFingerprint: `sha256 Fingerprint=${dovecotFingerprint.slice(7)}` }),
    );
    pinnedId = tls.id;
    for (const view of [tls, starttls]) {
      const row = (await findSource(t.app.db.kysely, 1, view.id))!;
      expect(toImapSettingsView(row).tlsFingerprint).toBe(dovecotFingerprint);
      const result = await refresh(view.id);
      expect(result).toMatchObject({ status: 'ok', error: null, warning: null });
      expect(result.inserted).toHaveLength(1);
    }
  });

  it('refuses a changed certificate naming both, and warns of an expired pinned one', async () => {
    front.use(first);
    const view = await addImapSource(
      t.app,
      1,
      login({ port: front.port, tls: 'tls', tlsFingerprint: first.fingerprint, folder: 'INBOX' }),
    );
    expect(await refresh(view.id)).toMatchObject({ status: 'ok', warning: null });

    clock.advance(10 * 86_400_000);
    const expired = await refresh(view.id);
    expect(expired).toMatchObject({ status: 'ok', error: null });
    expect(expired.warning).toMatch(
      /^imap: the trusted certificate of 127\.0\.0\.1:\d+ expired on \d{4}-\d\d-\d\d \(it is still accepted/,
    );
    const row = (await findSource(t.app.db.kysely, 1, view.id))!;
    expect(row).toMatchObject({ error_count: 0, last_warning: expired.warning });

    const second = makeCertificate(dir, 'second');
    front.use(second);
    const changed = await refresh(view.id);
    expect(changed.status).toBe('error');
    expect(changed.error).toContain(`the trusted one has fingerprint ${first.fingerprint}`);
    expect(changed.error).toContain(`--trust-fingerprint ${second.fingerprint}`);

    // Trusting the new one (verified at once) makes the source work again.
    await updateImapSettings(t.app, 1, view.id, { tlsFingerprint: second.fingerprint });
    clock.advance(-10 * 86_400_000);
    expect(await refresh(view.id)).toMatchObject({ status: 'ok', error: null, warning: null });
  });

  it('refuses what is not a SHA-256 fingerprint, and keeps the trusted one', async () => {
    for (const bad of ['SHA1:AB:CD', 'zz'.repeat(32), hex(dovecotFingerprint).slice(2)]) {
      await expect(
        addImapSource(t.app, 1, login({ folder: 'Other', tlsFingerprint: bad })),
      ).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/is not a SHA-256 fingerprint \(64 hex digits/),
      });
    }
    await expect(
      addImapSource(t.app, 1, login({ tls: 'none', tlsFingerprint: dovecotFingerprint })),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/needs an encrypted connection \(--tls tls or starttls\)/),
    });
    const id = pinnedId;
    await expect(
      updateImapSettings(t.app, 1, id, { tlsFingerprint: 'not a fingerprint' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    // Forgetting it is verified too: the self-signed certificate is refused again.
    await expect(updateImapSettings(t.app, 1, id, { tlsFingerprint: null })).rejects.toMatchObject({
      code: 'imap_tls',
    });
    const row = (await findSource(t.app.db.kysely, 1, id))!;
    expect(toImapSettingsView(row).tlsFingerprint).toBe(dovecotFingerprint);
  });
});
