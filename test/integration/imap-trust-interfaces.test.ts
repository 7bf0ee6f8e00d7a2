import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { json, runCheckpoint } from '../helpers/cli.ts';
import { openTestApp, type TestApp } from '../helpers/db.ts';
import { type Dovecot, startDovecot } from '../helpers/dovecot.ts';
import { newsletter } from '../helpers/mail-world.ts';
import { serverFingerprint } from '../helpers/tls-front.ts';

type Json = Record<string, unknown> & {
  error?: { code: string; message: string; certificate?: { fingerprint: string } };
};

/**
 * "Trust this certificate" through the API and the CLI, against Dovecot's self-signed
 * certificate (IMAPS and STARTTLS): the refused certificate is named with its fingerprint,
 * a malformed fingerprint is a clear error, a trusted one is stored in one spelling and used.
 */
describe('trusting a mailbox certificate through the API and the CLI', () => {
  let dovecot: Dovecot;
  let fingerprint: string;
  let dir: string;
  let t: TestApp;
  let http: ReturnType<typeof createHttpApp>;
  let token: string;
  let env: Record<string, string>;

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await http.request(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const login = (extra: Record<string, unknown> = {}) => ({
    ...{ host: '127.0.0.1', port: dovecot.tlsPort, tls: 'tls', user: dovecot.user },
    ...{ password: dovecot.password, sinceDays: 0 },
    ...extra,
  });
  const cli = (...args: string[]) => runCheckpoint(args, env);
  const addImap = (...extra: string[]) =>
    cli(
      ...['source', 'add-imap', '--host', '127.0.0.1', '--port', String(dovecot.port)],
      ...['--tls', 'starttls', '--user', dovecot.user, '--password-env', 'IMAP_PASSWORD'],
      ...extra,
    );

  beforeAll(async () => {
    dovecot = await startDovecot({ tls: true });
    await dovecot.append('INBOX', newsletter(7));
    fingerprint = await serverFingerprint(dovecot.tlsPort);
    t = await openTestApp('sqlite');
    http = createHttpApp(t.app);
    const admin = await resolveUser(t.app.db.kysely, undefined);
    token = (await createApiToken(t.app.db.kysely, t.app.clock, admin.id, 'a')).token;
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-cli-trust-'));
    env = {
      CHECKPOINT_DATA_DIR: join(dir, 'data'),
      CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32',
      IMAP_PASSWORD: dovecot.password,
    };
  }, 60_000);
  afterAll(async () => {
    await t.cleanup();
    await dovecot.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('API: names the certificate, refuses a malformed fingerprint, stores a good one', async () => {
    const tested = await call('POST', '/sources/imap/test', login());
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({
      ok: false,
      code: 'imap_tls',
      certificate: { fingerprint, subject: 'CN=localhost', selfSigned: true },
    });
    const refused = await call('POST', '/sources/imap', login());
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'imap_tls', certificate: { fingerprint } });

    const bad = await call('POST', '/sources/imap', login({ tlsFingerprint: 'AB:CD' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/"AB:CD" is not a SHA-256 fingerprint/);

    const plain = fingerprint.slice(7).replace(/:/g, '').toLowerCase();
    const added = await call('POST', '/sources/imap', login({ tlsFingerprint: plain }));
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const id = (added.body.source as { id: number }).id;
    const settings = await call('GET', `/sources/${id}/imap`);
    expect(settings.body).toMatchObject({ tls: 'tls', tlsFingerprint: fingerprint });
    const patched = await call('PATCH', `/sources/${id}/imap`, { tlsFingerprint: 'SHA256:XY' });
    expect(patched.status).toBe(400);
    const forgotten = await call('PATCH', `/sources/${id}/imap`, { tlsFingerprint: null });
    expect(forgotten.status).toBe(422);
    expect((await call('GET', `/sources/${id}/imap`)).body.tlsFingerprint).toBe(fingerprint);
  });

  it('CLI: refuses, says how to trust, and fetches once trusted (STARTTLS)', {
    timeout: 120_000,
  }, async () => {
    const untrusted = await addImap();
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stderr).toContain(`--trust-fingerprint ${fingerprint}`);
    expect(untrusted.stderr).toContain('the certificate is not trusted (it is self-signed)');

    const bad = await addImap('--trust-fingerprint', 'SHA256:12:34');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/"SHA256:12:34" is not a SHA-256 fingerprint/);

    const added = await addImap('--trust-fingerprint', fingerprint, '--json');
    expect(added.code, added.stderr).toBe(0);
    const id = String(json<{ id: number }>(added).id);
    const plain = fingerprint.slice(7).replace(/:/g, '');
    const set = await cli('source', 'set-imap', id, '--trust-fingerprint', plain, '--json');
    expect(set.code, set.stderr).toBe(0);
    expect(json(set)).toMatchObject({ tls: 'starttls', tlsFingerprint: fingerprint });

    const fetched = await cli('fetch');
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(fetched.stderr).toContain('1 sources fetched, 1 new items, 0 failed.');

    const forget = await cli('source', 'set-imap', id, '--no-trust-fingerprint');
    expect(forget.code).not.toBe(0);
    expect(forget.stderr).toContain(`--trust-fingerprint ${fingerprint}`);
    const listed = json<{ id: number; lastError: string | null }[]>(
      await cli('source', 'list', '--json'),
    );
    expect(listed.find((s) => String(s.id) === id)).toMatchObject({ lastError: null });
  });
});
