import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSource } from '../../src/db/repos/sources.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { listItemViews } from '../../src/services/items/items.ts';
import {
  connectMastodonWithToken,
  finishMastodonConnect,
  startMastodonConnect,
} from '../../src/services/social/mastodon.ts';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import {
  type MastodonServer,
  mastodonFixture,
  startMastodonServer,
} from '../helpers/mastodon-server.ts';

type Entity = { id: string } & Record<string, unknown>;

describe.each(DIALECTS)('Mastodon on %s', (dialect) => {
  let t: TestApp;
  let masto: MastodonServer;
  let clock: TestClock;
  let userId: number;
  let sourceId: number;

  beforeAll(async () => {
    clock = new TestClock('2026-03-02T07:00:00Z');
    t = await openTestApp(dialect, { clock });
    masto = await startMastodonServer();
    userId = (await resolveUser(t.app.db.kysely, undefined)).id;
  });
  afterAll(async () => {
    await masto.close();
    await t.cleanup();
  });

  const source = async () => (await findSource(t.app.db.kysely, userId, sourceId))!;
  const items = () => listItemViews(t.app, userId, { sourceId, limit: 1000 });

  it('connects through the OAuth authorisation-code flow and the callback route', async () => {
    const auth = await startMastodonConnect(t.app, userId, masto.url);
    expect(auth.redirectUri).toBe(`${t.app.config.baseUrl}/oauth/mastodon/callback`);
    const authorize = new URL(auth.authorizeUrl);
    expect(authorize.origin).toBe(masto.url);
    expect(authorize.searchParams.get('scope')).toBe(
      'read:statuses read:notifications read:accounts',
    );
    // The browser: the instance redirects back to Checkpoint with the code and the state.
    const consent = await fetch(auth.authorizeUrl, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe(auth.state);
    const res = await createHttpApp(t.app).request(`${back.pathname}${back.search}`);
    // Back into the web app, which names the connected account in a notice.
    expect(res.status).toBe(303);
    const landing = new URL(res.headers.get('location')!, t.app.config.baseUrl);
    expect(landing.pathname).toBe('/sources/social');
    expect(landing.searchParams.get('items')).toBe('22');

    const row = await t.app.db.kysely
      .selectFrom('sources')
      .selectAll()
      .where('kind', '=', 'mastodon')
      .executeTakeFirstOrThrow();
    sourceId = row.id;
    expect(landing.searchParams.get('connected')).toBe(String(row.id));
    expect(row.name).toBe(`@trwnh@${new URL(masto.url).host}`);
    expect(row.config).not.toContain(masto.token);
    expect(JSON.parse(row.config)).toMatchObject({ accountId: '14715', acct: 'trwnh' });
    const stored = await items();
    expect(stored).toHaveLength(22); // 20 timeline statuses + 2 notifications
    expect(stored.filter((i) => i.kind === 'reply').map((i) => i.title)).toEqual([
      'zsc mentioned you',
    ]);
    expect(stored.find((i) => i.kind === 'post')).toMatchObject({
      sourceKind: 'mastodon',
      wouldPush: false,
    });
    expect(stored.find((i) => i.kind === 'notification')).toMatchObject({ wouldPush: true });
    expect(masto.server.hits('/api/v1/apps')).toBe(1);
  });

  it('reconnects out-of-band with a pasted code, reusing the app registration', async () => {
    const auth = await startMastodonConnect(t.app, userId, masto.url, { oob: true });
    expect(auth.redirectUri).toBe('urn:ietf:wg:oauth:2.0:oob');
    const code = await (await fetch(auth.authorizeUrl)).text();
    const result = await finishMastodonConnect(t.app, auth.state, code);
    expect(result).toMatchObject({ created: false, itemsAdded: 0 });
    expect(result.source.id).toBe(sourceId);
    await expect(finishMastodonConnect(t.app, auth.state, code)).rejects.toThrow(
      'unknown or expired',
    );
    expect(masto.server.hits('/api/v1/apps')).toBe(2); // one per redirect URI
  });

  it('pages forward with min_id: 45 new statuses in two pages, nothing twice', async () => {
    const later = [
      ...mastodonFixture<Entity[]>('bigbone/public_timeline.json'),
      ...mastodonFixture<Entity[]>('bigbone/tag_timeline.json'),
      mastodonFixture<Entity>('mastodonkit/StatusWithoutNull.json'),
      mastodonFixture<Entity>('mastodonkit/StatusWithNull.json'),
      mastodonFixture<Entity>('bigbone/status_with_previewcard.json'),
      mastodonFixture<Entity>('bigbone/status_with_poll.json'),
      ...mastodonFixture<Entity[]>('bigbone/timelines.json'),
    ];
    expect(later).toHaveLength(45);
    masto.addStatuses(later);
    masto.server.reset();
    const first = await refreshSource(t.app, await source());
    expect(first.status).toBe('ok');
    expect(first.inserted).toHaveLength(45);
    const home = masto.server.requests('/api/v1/timelines/home');
    expect(home.map((r) => new URLSearchParams(r.search).get('min_id'))).toEqual([
      '714859',
      '900039',
    ]);
    const again = await refreshSource(t.app, await source());
    expect(again.inserted).toHaveLength(0);
    expect(await items()).toHaveLength(67);
    expect(JSON.parse((await source()).state)).toMatchObject({
      home: '900044',
      notifications: '34975861',
    });
    const boost = (await items()).find((i) => i.title?.startsWith('CW:'));
    expect(boost?.contentHtml).toContain('boosted');
  });

  it('holds off on 429 with the reset time, storing nothing', async () => {
    const reset = new Date(clock.now().getTime() + 5 * 60_000);
    masto.addStatuses([mastodonFixture<Entity>('bigbone/status_with_poll.json')]);
    masto.rateLimit('429', reset);
    const result = await refreshSource(t.app, await source());
    expect(result.status).toBe('retry_later');
    expect(result.error).toContain('rate limit');
    expect((await source()).retry_after).toBe(reset.getTime());
    expect(await items()).toHaveLength(67);
  });

  it('stops after X-RateLimit-Remaining: 0, keeps what came, and waits for the reset', async () => {
    const reset = new Date(clock.now().getTime() + 5 * 60_000);
    masto.rateLimit('remaining-0', reset);
    masto.addNotifications(mastodonFixture<Entity[]>('mastodonkit/Notifications.json'));
    masto.server.reset();
    const stored = await refreshSource(t.app, await source());
    expect(stored.inserted).toHaveLength(1); // the status the 429 held back
    expect(masto.server.hits('/api/v1/notifications')).toBe(0);
    expect(JSON.parse((await source()).state).holdUntil).toBe(reset.getTime());
    const held = await refreshSource(t.app, await source());
    expect(held.status).toBe('retry_later');
    expect(masto.server.hits('/api/v1/timelines/home')).toBe(1);
    clock.set(new Date(reset.getTime() + 1000));
    masto.rateLimit('off');
    const resumed = await refreshSource(t.app, await source());
    expect(resumed.inserted).toHaveLength(2);
    expect(
      (await items()).filter((i) => i.title === 'Ornithologist Coder favourited your post'),
    ).toHaveLength(2);
  });

  it('reports a rejected token on the source row', async () => {
    await expect(connectMastodonWithToken(t.app, userId, masto.url, 'wrong-token')).rejects.toThrow(
      'rejected the access token',
    );
    const row = await source();
    const config = JSON.parse(row.config);
    await t.app.db.kysely
      .updateTable('sources')
      .set({
        config: JSON.stringify({
          ...config,
          token: (await import('../../src/lib/crypto.ts')).encryptSecret(
            'revoked',
            t.app.config.secret,
          ),
        }),
      })
      .where('id', '=', sourceId)
      .execute();
    const result = await refreshSource(t.app, await source());
    expect(result.status).toBe('error');
    expect((await source()).last_error).toContain('rejected the access token');
  });
});
