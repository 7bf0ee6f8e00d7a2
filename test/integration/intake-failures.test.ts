import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSource } from '../../src/db/repos/sources.ts';
import type { Item } from '../../src/domain/types.ts';
import { createUser, resolveUser } from '../../src/services/accounts/users.ts';
import { ensureSource, intakeService } from '../../src/services/intake/intake.ts';
import { createIntakeToken, revokeIntakeToken } from '../../src/services/intake/intake-tokens.ts';
import { listItemViews } from '../../src/services/items/items.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { type RunningHttp, serveHttpApp } from '../helpers/http-app.ts';

/** A small burst so that the rate limit shows after a few requests. */
const BURST = 20;

describe.each(DIALECTS)('push intake failures through real HTTP on %s', (dialect) => {
  let t: TestApp;
  let http: RunningHttp;
  let token: string;
  let otherToken: string;
  let userId: number;
  let otherId: number;

  beforeAll(async () => {
    // A still clock: the per-token rate limit then depends on request counts alone.
    t = await openTestApp(dialect, { clock: new TestClock('2026-03-02T07:00:00Z') });
    intakeService(t.app, { rateLimit: { burst: BURST, perSecond: 1 } });
    http = await serveHttpApp(t.app);
    userId = (await resolveUser(t.app.db.kysely, undefined)).id;
    token = (await createIntakeToken(t.app, userId, 'phone')).token;
    const other = await createUser(t.app.db.kysely, t.app.clock, { email: 'b@example.org' });
    otherId = other.id;
    otherToken = (await createIntakeToken(t.app, other.id, null)).token;
  });
  afterAll(async () => {
    await http.close();
    await t.cleanup();
  });

  const send = (path: string, init: RequestInit = {}) => fetch(`${http.url}${path}`, init);
  const items = async (): Promise<Item[]> => await listItemViews(t.app, userId, { limit: 1000 });
  const count = async () => (await items()).length;
  /** Every item of every user: a refused request must store nothing anywhere. */
  const everything = async () =>
    Number(
      (
        await t.app.db.kysely
          .selectFrom('items')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const errorOf = async (res: Response) =>
    ((await res.json()) as { error: { code: string; message: string } }).error;
  /** A token-shaped credential that was never issued. */
  const UNKNOWN = 'cpiAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const gotifyJson = (headers: Record<string, string>, body: unknown, query = '') =>
    send(`/intake/gotify/message${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const webhookJson = (name: string, headers: Record<string, string>, body: unknown, query = '') =>
    send(`/intake/webhook/${name}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('rejects a missing or unknown token with 401 and stores nothing', async () => {
    const before = await count();
    const missing = await send('/intake/ntfy/x', { method: 'POST', body: 'no token' });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const wrong = await send('/intake/ntfy/x', {
      method: 'POST',
      headers: { authorization: 'Bearer cpiAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      body: 'bad',
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toContain(
      'unknown or revoked',
    );
    const pushover = await send('/intake/pushover/1/messages.json', {
      method: 'POST',
      body: new URLSearchParams({
        token: 'azGDORePK8gMaC0QOYAMyEEuzJnyUi',
        user: 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG',
        message: 'x',
      }),
    });
    expect(pushover.status).toBe(401);
    expect(await pushover.json()).toMatchObject({
      status: 0,
      errors: [expect.stringContaining('intake token')],
    });
    expect(await count()).toBe(before);
  });

  it('rejects oversize bodies (413), malformed JSON and bad fields (400), storing nothing', async () => {
    const before = await count();
    const auth = { authorization: `Bearer ${token}` };
    const big = await send('/intake/ntfy/big', {
      method: 'POST',
      headers: auth,
      body: 'x'.repeat(70 * 1024),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('too_large');
    const malformed = await send('/intake/ntfy', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"topic": "x", ',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { message: string } }).error.message).toContain(
      'malformed JSON',
    );
    const hook = await send('/intake/webhook/x', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '[1,2',
    });
    expect(hook.status).toBe(400);
    expect(
      (
        await send('/intake/ntfy/x', {
          method: 'POST',
          headers: { ...auth, Priority: '9' },
          body: 'x',
        })
      ).status,
    ).toBe(400);
    expect(
      (await send('/intake/ntfy/bad%20topic', { method: 'POST', headers: auth, body: 'x' })).status,
    ).toBe(400);
    expect(
      (
        await send('/intake/gotify/message', {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: '{"title":"no message"}',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await send('/intake/pushover/1/messages.json', {
          method: 'POST',
          body: new URLSearchParams({ token, message: 'x', priority: '3' }),
        })
      ).status,
    ).toBe(400);
    expect(await count()).toBe(before);
  });

  it('stores one item per Idempotency-Key', async () => {
    const before = await count();
    const headers = { authorization: `Bearer ${token}`, 'Idempotency-Key': 'retry-42' };
    const first = (await (
      await send('/intake/ntfy/idem', { method: 'POST', headers, body: 'once' })
    ).json()) as { id: string };
    const second = (await (
      await send('/intake/ntfy/idem', { method: 'POST', headers, body: 'once' })
    ).json()) as { id: string };
    expect(second.id).toBe(first.id);
    expect(await count()).toBe(before + 1);
  });

  it('keeps users apart and stops accepting a revoked token', async () => {
    const res = await send('/intake/ntfy/theirs', {
      method: 'POST',
      headers: { authorization: `Bearer ${otherToken}` },
      body: 'for b',
    });
    expect(res.status).toBe(200);
    expect((await items()).some((i) => i.title === 'for b')).toBe(false);
    const { token: temp, view } = await createIntakeToken(t.app, userId, 'temp');
    expect(
      (
        await send('/intake/ntfy/t', {
          method: 'POST',
          headers: { authorization: `Bearer ${temp}` },
          body: 'ok',
        })
      ).status,
    ).toBe(200);
    await revokeIntakeToken(t.app, userId, view.id);
    expect(
      (
        await send('/intake/ntfy/t', {
          method: 'POST',
          headers: { authorization: `Bearer ${temp}` },
          body: 'no',
        })
      ).status,
    ).toBe(401);
  });

  it('answers 429 with Retry-After past a token’s burst', async () => {
    const { token: busy } = await createIntakeToken(t.app, userId, 'busy');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < BURST + 5; i++) {
      const res = await send('/intake/ntfy/flood', {
        method: 'POST',
        headers: { authorization: `Bearer ${busy}` },
        body: `m${i}`,
      });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(BURST);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('answers 403 for a paused source and stores nothing', async () => {
    const source = await ensureSource(t.app, userId, 'ntfy', 'paused');
    await updateSource(t.app.db.kysely, userId, source.id, { enabled: 0 });
    const before = await count();
    const res = await send('/intake/ntfy/paused', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: 'x',
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      '"ntfy: paused" is paused',
    );
    expect(await count()).toBe(before);
  });

  it('Gotify and webhooks refuse a missing, unknown or revoked token with 401, storing nothing', async () => {
    const before = await everything();
    const message = { title: 'Backup', message: 'done', priority: 5 };
    // Gotify answers 401 to a request without a valid application token; so do we.
    const none = await gotifyJson({}, message);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await errorOf(none)).toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('an intake token is needed'),
    });
    for (const res of [
      await gotifyJson({ 'X-Gotify-Key': UNKNOWN }, message),
      await gotifyJson({}, message, `?token=${UNKNOWN}`),
      await gotifyJson({ authorization: `Bearer ${UNKNOWN}` }, message),
      await webhookJson('ci', { authorization: `Bearer ${UNKNOWN}` }, { message: 'x' }),
      await webhookJson('ci', {}, { message: 'x' }, `?token=${UNKNOWN}`),
    ]) {
      expect(res.status).toBe(401);
      expect(await errorOf(res)).toMatchObject({
        code: 'unauthorized',
        message: 'intake: unknown or revoked intake token',
      });
    }
    const hook = await send('/intake/webhook/ci', { method: 'POST', body: 'no token' });
    expect(hook.status).toBe(401);
    expect((await errorOf(hook)).code).toBe('unauthorized');
    // A token that worked stops working for both once revoked.
    const { token: temp, view } = await createIntakeToken(t.app, userId, 'temp-gotify');
    await revokeIntakeToken(t.app, userId, view.id);
    expect((await gotifyJson({ 'X-Gotify-Key': temp }, message)).status).toBe(401);
    expect(
      (await webhookJson('ci', { authorization: `Bearer ${temp}` }, { message: 'x' })).status,
    ).toBe(401);
    expect(await everything()).toBe(before);
  });

  it('Gotify and webhooks answer 403 for a paused source, storing nothing', async () => {
    // The other user's Gotify source: pausing it leaves this user's Gotify pushes alone.
    const gotify = await ensureSource(t.app, otherId, 'gotify', '');
    await updateSource(t.app.db.kysely, otherId, gotify.id, { enabled: 0 });
    const hook = await ensureSource(t.app, userId, 'webhook', 'paused-hook');
    await updateSource(t.app.db.kysely, userId, hook.id, { enabled: 0 });
    const before = await everything();
    const paused = await gotifyJson({ 'X-Gotify-Key': otherToken }, { message: 'held?' });
    expect(paused.status).toBe(403);
    expect(await errorOf(paused)).toMatchObject({
      code: 'forbidden',
      message: 'intake: the source "Gotify" is paused',
    });
    const pausedHook = await webhookJson(
      'paused-hook',
      { authorization: `Bearer ${token}` },
      { message: 'held?' },
    );
    expect(pausedHook.status).toBe(403);
    expect((await errorOf(pausedHook)).message).toBe(
      'intake: the source "Webhook: paused-hook" is paused',
    );
    expect(await everything()).toBe(before);
  });

  it('answers 413 to bodies over 64 KB for Gotify, Pushover and webhooks, storing nothing', async () => {
    const before = await everything();
    const big = 'x'.repeat(70 * 1024);
    const gotify = await gotifyJson({ 'X-Gotify-Key': token }, { message: big });
    expect(gotify.status).toBe(413);
    expect(await errorOf(gotify)).toMatchObject({ code: 'too_large' });
    // Pushover carries its credential in the body: refused by size before it is read, in
    // Pushover's own error shape.
    const pushover = await send('/intake/pushover/1/messages.json', {
      method: 'POST',
      body: new URLSearchParams({ token, user: token, message: big }),
    });
    expect(pushover.status).toBe(413);
    expect(await pushover.json()).toMatchObject({
      status: 0,
      errors: [expect.stringContaining('larger than 64 KB')],
    });
    const hook = await webhookJson('ci', { authorization: `Bearer ${token}` }, { message: big });
    expect(hook.status).toBe(413);
    expect(await errorOf(hook)).toMatchObject({ code: 'too_large' });
    // Without a Content-Length (chunked), the body is counted while it arrives.
    const chunk = new TextEncoder().encode('y'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const chunked = await send('/intake/webhook/ci', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await errorOf(chunked)).toMatchObject({ code: 'too_large' });
    expect(await everything()).toBe(before);
  });
});
