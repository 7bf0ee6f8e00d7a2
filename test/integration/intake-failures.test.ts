import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSource } from '../../src/db/repos/sources.ts';
import type { Item } from '../../src/domain/types.ts';
import { ensureSource, intakeService } from '../../src/services/intake.ts';
import { createIntakeToken, revokeIntakeToken } from '../../src/services/intake-tokens.ts';
import { listItemViews } from '../../src/services/items.ts';
import { createUser, resolveUser } from '../../src/services/users.ts';
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

  beforeAll(async () => {
    // A still clock: the per-token rate limit then depends on request counts alone.
    t = await openTestApp(dialect, { clock: new TestClock('2026-03-02T07:00:00Z') });
    intakeService(t.app, { rateLimit: { burst: BURST, perSecond: 1 } });
    http = await serveHttpApp(t.app);
    userId = (await resolveUser(t.app.db.kysely, undefined)).id;
    token = (await createIntakeToken(t.app, userId, 'phone')).token;
    const other = await createUser(t.app.db.kysely, t.app.clock, { email: 'b@example.org' });
    otherToken = (await createIntakeToken(t.app, other.id, null)).token;
  });
  afterAll(async () => {
    await http.close();
    await t.cleanup();
  });

  const send = (path: string, init: RequestInit = {}) => fetch(`${http.url}${path}`, init);
  const items = async (): Promise<Item[]> => await listItemViews(t.app, userId, { limit: 1000 });
  const count = async () => (await items()).length;

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
});
