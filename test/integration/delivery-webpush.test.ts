import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { sendWebPush } from '../../src/delivery/webpush.ts';
import type { Notice } from '../../src/domain/notice.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { saveSubscription, vapidKeys } from '../../src/services/checkpoints/push.ts';
import { addRule } from '../../src/services/checkpoints/rules.ts';
import { draft, openWorld, type World } from '../helpers/checkpoint-world.ts';
import { DIALECTS } from '../helpers/db.ts';
import { type PushEndpoint, startPushEndpoint } from '../helpers/push-endpoint.ts';

const notice: Notice = {
  kind: 'checkpoint',
  title: 'Your 12:30 checkpoint is ready',
  body: '23 items, ~14 min',
  url: 'http://localhost:8080/checkpoint',
  priority: 3,
  tags: ['checkpoint'],
};

describe.each(DIALECTS)('Web Push on %s', (dialect) => {
  let push: PushEndpoint;
  let w: World;
  beforeAll(async () => {
    push = await startPushEndpoint();
  });
  afterAll(async () => {
    await push.close();
  });
  afterEach(async () => {
    push.received.length = 0;
    push.rejected.length = 0;
    await w?.cleanup();
  });

  /** A browser subscribes with the server's VAPID key, and the page stores the subscription. */
  const subscribe = async () => {
    const sub = push.subscribe((await vapidKeys(w.app)).publicKey);
    await saveSubscription(w.app, w.user.id, sub, 'Test browser');
    return sub;
  };
  const subscriptionCount = async () =>
    (await w.app.db.kysely.selectFrom('push_subscriptions').select('endpoint').execute()).length;

  it('sends an RFC 8291 payload the push service can verify and decrypt', async () => {
    w = await openWorld(dialect);
    const sub = await subscribe();
    expect(await sendWebPush(w.app, w.user.id, notice)).toEqual({ sent: 1, removed: 0 });
    expect(push.rejected).toEqual([]);
    expect(push.received).toHaveLength(1);
    const [got] = push.received;
    expect(got!.endpoint).toBe(sub.endpoint);
    expect(got!.claims.aud).toBe(push.origin);
    expect(got!.claims.sub).toBe('mailto:checkpoint@localhost');
    expect(got!.records).toBe(1);
    expect(got!.headers.urgency).toBe('normal');
    expect(got!.json).toEqual({
      title: 'Your 12:30 checkpoint is ready',
      body: '23 items, ~14 min',
      url: 'http://localhost:8080/checkpoint',
      kind: 'checkpoint',
      tags: ['checkpoint'],
    });
  });

  it('sends the one notice of a checkpoint', async () => {
    w = await openWorld(dialect, { notify: [{ webpush: true }] });
    await subscribe();
    const news = await w.source('Example News');
    await w.ingest(news, [draft('n1', 'First story'), draft('n2', 'Second story')]);
    expect(push.received).toHaveLength(0);
    const [built] = await w.buildAtDue();
    expect(built?.notices).toEqual(['webpush']);
    expect(push.rejected).toEqual([]);
    const minutes = Math.max(1, Math.round(built!.checkpoint.totalSeconds / 60));
    expect(push.received.map((r) => r.json)).toEqual([
      {
        title: 'Your 12:30 checkpoint is ready',
        body: `2 items, ~${minutes} min`,
        url: 'http://localhost:8080/checkpoint',
        kind: 'checkpoint',
        tags: ['checkpoint'],
      },
    ]);
    expect(await w.ledgerCount('checkpoint.notice')).toBe(1);
  });

  it('delivers a breakthrough through a rule with deliver: {webpush: true}', async () => {
    w = await openWorld(dialect);
    await subscribe();
    await addRule(w.app, w.user.id, {
      name: 'Urgent',
      when: [{ field: 'priority', op: 'gte', value: 5 }],
      action: 'breakthrough',
      deliver: { webpush: true },
    });
    const phone = await w.source('Phone', 'ntfy');
    await w.ingest(phone, [
      draft('p1', 'Server down', {
        kind: 'notification',
        priority: 5,
        summary: 'db-1 does not answer',
        url: 'https://status.example/db-1',
      }),
      draft('p2', 'Backup done', { kind: 'notification', priority: 3 }),
    ]);
    expect(push.rejected).toEqual([]);
    expect(push.received).toHaveLength(1);
    expect(push.received[0]!.headers.urgency).toBe('high');
    expect(push.received[0]!.json).toEqual({
      title: 'Server down',
      body: 'db-1 does not answer',
      url: 'https://status.example/db-1',
      kind: 'breakthrough',
      tags: ['checkpoint', 'breakthrough'],
    });
    expect(await w.ledgerCount('breakthrough')).toBe(1);
  });

  it('removes subscriptions the push service says are gone (404, 410)', async () => {
    w = await openWorld(dialect);
    const kept = await subscribe();
    const gone = await subscribe();
    const unknown = await subscribe();
    push.answer(gone.endpoint, 410);
    push.answer(unknown.endpoint, 404);
    expect(await sendWebPush(w.app, w.user.id, notice)).toEqual({ sent: 1, removed: 2 });
    expect(push.received.map((r) => r.endpoint)).toEqual([kept.endpoint]);
    const left = await w.app.db.kysely
      .selectFrom('push_subscriptions')
      .select('endpoint')
      .execute();
    expect(left.map((r) => r.endpoint)).toEqual([kept.endpoint]);

    push.answer(kept.endpoint, 410);
    await expect(sendWebPush(w.app, w.user.id, notice)).rejects.toThrow(
      /no subscription accepted the notice \(1 expired\)/,
    );
    expect(await subscriptionCount()).toBe(0);
    await expect(sendWebPush(w.app, w.user.id, notice)).rejects.toThrow(
      /no browser has subscribed/,
    );
  });

  it('sends through the SSRF guard: an endpoint on 127.0.0.2 is refused, the others still get it', async () => {
    w = await openWorld(dialect);
    const key = (await vapidKeys(w.app)).publicKey;
    const good = await subscribe();
    const sub = push.subscribe(key);
    const blocked = { ...sub, endpoint: sub.endpoint.replace('127.0.0.1', '127.0.0.2') };
    await saveSubscription(w.app, w.user.id, blocked, 'Test browser');

    expect(await sendWebPush(w.app, w.user.id, notice)).toEqual({ sent: 1, removed: 0 });
    expect(push.received.map((r) => r.endpoint)).toEqual([good.endpoint]);

    await w.app.db.kysely
      .deleteFrom('push_subscriptions')
      .where('endpoint', '=', good.endpoint)
      .execute();
    await expect(sendWebPush(w.app, w.user.id, notice)).rejects.toThrow(
      /127\.0\.0\.2 is a loopback address \(blocked\)/,
    );
    expect(push.received).toHaveLength(1);
    expect(await subscriptionCount()).toBe(1); // refused, not expired: it stays
  });

  it('checks subscriptions before storing them', async () => {
    w = await openWorld(dialect);
    const sub = push.subscribe((await vapidKeys(w.app)).publicKey);
    const bad = [
      { ...sub, endpoint: 'ftp://127.0.0.1/push/x' },
      { ...sub, keys: { ...sub.keys, p256dh: sub.keys.auth } },
      { ...sub, keys: { ...sub.keys, auth: 'c2hvcnQ' } },
    ];
    for (const subscription of bad) {
      await expect(saveSubscription(w.app, w.user.id, subscription, null)).rejects.toThrow(
        /webpush:/,
      );
    }
    expect(await subscriptionCount()).toBe(0);
  });

  it('gives the VAPID key and stores or forgets subscriptions through the API', async () => {
    w = await openWorld(dialect);
    const http = createHttpApp(w.app);
    const { token } = await createApiToken(w.app.db.kysely, w.clock, w.user.id, 'test');
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const keyRes = await http.request('/api/v1/push/key', { headers: auth });
    const { publicKey } = (await keyRes.json()) as { publicKey: string };
    expect(publicKey).toBe((await vapidKeys(w.app)).publicKey);

    const sub = push.subscribe(publicKey);
    const post = (body: unknown) =>
      http.request('/api/v1/push/subscriptions', {
        method: 'POST',
        headers: { ...auth, 'user-agent': 'Firefox/140' },
        body: JSON.stringify(body),
      });
    expect((await post(sub)).status).toBe(204);
    expect((await post({ ...sub, keys: { ...sub.keys, auth: 'x' } })).status).toBe(400);
    const rows = await w.app.db.kysely.selectFrom('push_subscriptions').selectAll().execute();
    expect(rows.map((r) => [r.endpoint, r.user_agent])).toEqual([[sub.endpoint, 'Firefox/140']]);
    expect(await sendWebPush(w.app, w.user.id, notice)).toEqual({ sent: 1, removed: 0 });

    const del = await http.request('/api/v1/push/subscriptions', {
      method: 'DELETE',
      headers: auth,
      body: JSON.stringify({ endpoint: sub.endpoint }),
    });
    expect(del.status).toBe(204);
    expect(await subscriptionCount()).toBe(0);
  });

  it('uses a push service that rejects a foreign VAPID key, a wrong audience and a tampered body', async () => {
    w = await openWorld(dialect);
    const keys = await vapidKeys(w.app);
    const other = webpush.generateVAPIDKeys();
    const foreign = push.subscribe(other.publicKey);
    await saveSubscription(w.app, w.user.id, foreign, null);
    await expect(sendWebPush(w.app, w.user.id, notice)).rejects.toThrow(/HTTP 403/);
    expect(push.rejected.map((r) => r.reason)).toEqual(['VAPID key is not the subscription’s']);

    const sub = push.subscribe(keys.publicKey);
    const send = async (endpoint: string, tamper: boolean) => {
      const details = webpush.generateRequestDetails(
        { endpoint, keys: sub.keys },
        JSON.stringify({ title: 'x' }),
        { vapidDetails: { subject: 'mailto:t@example.org', ...keys } },
      );
      const body = Buffer.from(details.body as Buffer);
      if (tamper) body[body.length - 1]! ^= 1;
      const headers = Object.fromEntries(
        Object.entries(details.headers).map(([k, v]) => [k, String(v)]),
      );
      return (await fetch(sub.endpoint, { method: 'POST', headers, body })).status;
    };
    expect(await send(sub.endpoint, true)).toBe(400);
    expect(await send(sub.endpoint.replace('127.0.0.1', 'localhost'), false)).toBe(403);
    expect(push.rejected.slice(1).map((r) => r.reason)).toEqual([
      'record 0 does not decrypt (wrong keys or tampered)',
      `JWT aud ${push.origin.replace('127.0.0.1', 'localhost')}, want ${push.origin}`,
    ]);
    expect(await send(sub.endpoint, false)).toBe(201);
    expect(push.received.map((r) => r.json)).toEqual([{ title: 'x' }]);
  });
});
