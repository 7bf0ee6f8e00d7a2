import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { createUser, resolveUser } from '../../src/services/accounts/users.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { type Dovecot, startDovecot } from '../helpers/dovecot.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/email/${name}`, import.meta.url), 'utf8');

type Json = Record<string, unknown> & { error?: { code: string; message: string } };

describe.each(DIALECTS)('mail API on %s', (dialect) => {
  let t: TestApp;
  let dovecot: Dovecot;
  let http: ReturnType<typeof createHttpApp>;
  let token: string;
  let otherToken: string;

  const call = async (method: string, path: string, body?: unknown, as = token) => {
    const res = await http.request(`/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${as}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return {
      status: res.status,
      body: (res.status === 204 ? null : await res.json()) as Json & Json[],
    };
  };
  const login = (extra: Record<string, unknown> = {}) => ({
    host: '127.0.0.1',
    port: dovecot.port,
    tls: 'none',
    user: dovecot.user,
    password: dovecot.password,
    sinceDays: 0,
    ...extra,
  });

  beforeAll(async () => {
    dovecot = await startDovecot();
    await dovecot.append('INBOX', fixture('own/list-id-weekly.eml'));
    await dovecot.append('INBOX', fixture('own/personal.eml'));
    t = await openTestApp(dialect, { env: { CHECKPOINT_MAIL_DOMAIN: 'in.checkpoint.test' } });
    http = createHttpApp(t.app);
    const admin = await resolveUser(t.app.db.kysely, undefined);
    const other = await createUser(t.app.db.kysely, t.app.clock, { email: 'other@example.org' });
    token = (await createApiToken(t.app.db.kysely, t.app.clock, admin.id, 'a')).token;
    otherToken = (await createApiToken(t.app.db.kysely, t.app.clock, other.id, 'b')).token;
  });
  afterAll(async () => {
    await t.cleanup();
    await dovecot.stop();
  });

  it('tests, connects, shows and changes a mailbox source', async () => {
    const tested = await call('POST', '/sources/imap/test', login());
    expect(tested).toMatchObject({ status: 200, body: { ok: true, messages: 2 } });
    expect(tested.body.folders).toContain('INBOX');

    const created = await call('POST', '/sources/imap', login({ senders: ['writer.example'] }));
    expect(created.status).toBe(201);
    const source = created.body.source as { id: number; kind: string };
    expect(source.kind).toBe('imap');
    expect((await call('POST', '/sources/imap', login())).status).toBe(409);

    const settings = await call('GET', `/sources/${source.id}/imap`);
    expect(settings.body).toEqual({
      host: '127.0.0.1',
      port: dovecot.port,
      tls: 'none',
      user: dovecot.user,
      folder: 'INBOX',
      moveTo: null,
      senders: ['@writer.example'],
      remoteImages: 'block',
      sinceDays: 0,
      tlsFingerprint: null,
    });
    const changed = await call('PATCH', `/sources/${source.id}/imap`, {
      senders: [],
      remoteImages: 'show',
    });
    expect(changed.body).toMatchObject({ senders: [], remoteImages: 'show' });
    expect((await call('GET', `/sources/${source.id}/imap`, undefined, otherToken)).status).toBe(
      404,
    );

    const fetched = await call('POST', `/sources/${source.id}/fetch`);
    expect(fetched.body).toMatchObject({ status: 'ok', error: null });
    const items = await call('GET', '/items?kind=newsletter');
    expect(items.body.map((i) => i.title)).toEqual(['The Weekly — Issue 42: Cafés']);
  });

  it('lists senders, shows mail details and unsubscribes', async () => {
    const senders = await call('GET', '/senders');
    expect(senders.body).toHaveLength(1);
    const sender = senders.body[0] as {
      sender: string;
      latestItemId: number;
      unsubscribe: { oneClick: boolean };
    };
    expect(sender).toMatchObject({
      sender: 'weekly@news.example.org',
      unsubscribe: { oneClick: false },
    });
    const mail = await call('GET', `/items/${sender.latestItemId}/mail`);
    expect(mail.body).toMatchObject({
      listId: 'The Weekly Example <weekly.news.example.org>',
      remoteImages: 'show',
      sourceKind: 'imap',
    });
    expect(
      (await call('GET', `/items/${sender.latestItemId}/mail`, undefined, otherToken)).status,
    ).toBe(404);
    const result = await call('POST', `/items/${sender.latestItemId}/unsubscribe`, {});
    expect(result.body).toMatchObject({
      status: 'offered',
      method: 'https',
      target: 'https://news.example.org/unsubscribe?u=42&list=weekly',
    });
    expect((await call('GET', '/unsubscribes')).body).toHaveLength(1);
  });

  it('manages own addresses', async () => {
    const created = await call('POST', '/addresses', { label: 'Weekly' });
    expect(created.status).toBe(201);
    const address = created.body as unknown as { id: number; address: string; sourceId: number };
    expect(address.address).toMatch(/@in\.checkpoint\.test$/);
    expect((await call('GET', '/addresses')).body).toHaveLength(1);
    expect((await call('GET', '/addresses', undefined, otherToken)).body).toEqual([]);
    const patched = await call('PATCH', `/addresses/${address.id}`, {
      label: 'Renamed',
      remoteImages: 'show',
    });
    expect(patched.body).toMatchObject({ label: 'Renamed', remoteImages: 'show' });
    expect((await call('DELETE', `/addresses/${address.id}`, undefined, otherToken)).status).toBe(
      404,
    );
    expect((await call('DELETE', `/addresses/${address.id}`)).status).toBe(204);
    expect((await call('GET', '/addresses')).body).toEqual([]);
  });

  it('answers 422 with the reason when the mailbox login fails', async () => {
    const failed = await call(
      'POST',
      '/sources/imap',
      login({ password: 'wrong', folder: 'Other' }),
    );
    expect(failed.status).toBe(422);
    expect(failed.body.error).toMatchObject({ code: 'imap_auth' });
    const tested = await call('POST', '/sources/imap/test', login({ password: 'wrong' }));
    expect(tested.body).toMatchObject({ ok: false, code: 'imap_auth' });
  });

  it('answers 409 for addresses when no mail domain is configured', async () => {
    const bare = await openTestApp(dialect);
    try {
      const app = createHttpApp(bare.app);
      const admin = await resolveUser(bare.app.db.kysely, undefined);
      const bareToken = (await createApiToken(bare.app.db.kysely, bare.app.clock, admin.id, 'x'))
        .token;
      const res = await app.request('/api/v1/addresses', {
        method: 'POST',
        headers: { authorization: `Bearer ${bareToken}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(409);
      expect(((await res.json()) as Json).error?.code).toBe('mail_domain_unset');
    } finally {
      await bare.cleanup();
    }
  });
});
