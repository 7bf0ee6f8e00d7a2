import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { createUser, resolveUser } from '../../src/services/accounts/users.ts';
import { type BlueskyServer, ME, startBlueskyServer } from '../helpers/bluesky-server.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { exportFiles } from '../helpers/exports.ts';
import { rss } from '../helpers/feeds.ts';
import {
  type FixtureServer,
  sendWithValidators,
  startFixtureServer,
} from '../helpers/fixture-server.ts';
import { type MastodonServer, startMastodonServer } from '../helpers/mastodon-server.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely
type Json = Record<string, any>;

describe.each(DIALECTS)('social API on %s', (dialect) => {
  let t: TestApp;
  let http: ReturnType<typeof createHttpApp>;
  let bridge: FixtureServer;
  let masto: MastodonServer;
  let bsky: BlueskyServer;
  let token: string;
  let otherToken: string;
  let importedItem: number;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    http = createHttpApp(t.app);
    [bridge, masto, bsky] = await Promise.all([
      startFixtureServer(),
      startMastodonServer(),
      startBlueskyServer(),
    ]);
    bridge.route('/instagram/user/nasa', (req, res) =>
      sendWithValidators(req, res, {
        body: rss(
          'NASA (@nasa) - Instagram',
          [{ guid: 'p1', title: 'Moon photo', link: 'https://www.instagram.com/p/Cabc/' }],
          'https://www.instagram.com/nasa',
        ),
        contentType: 'application/rss+xml',
      }),
    );
    const admin = await resolveUser(t.app.db.kysely, undefined);
    const other = await createUser(t.app.db.kysely, t.app.clock, { email: 'b@example.org' });
    token = (await createApiToken(t.app.db.kysely, t.app.clock, admin.id, 'a')).token;
    otherToken = (await createApiToken(t.app.db.kysely, t.app.clock, other.id, 'b')).token;
  });
  afterAll(async () => {
    await Promise.all([bridge.close(), masto.close(), bsky.close()]);
    await t.cleanup();
  });

  const call = async (method: string, path: string, body?: unknown, as = token) => {
    const res = await http.request(`/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${as}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
  };

  it('creates, lists and revokes intake tokens; the token works on /intake', async () => {
    const created = await call('POST', '/intake-tokens', { label: 'phone' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ label: 'phone', token: expect.stringMatching(/^cpi/) });
    const list = await call('GET', '/intake-tokens');
    expect(list.body).toEqual([
      expect.objectContaining({ id: created.body.id, hint: `${created.body.token.slice(0, 7)}…` }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    const pushed = await http.request('/intake/ntfy/api', {
      method: 'POST',
      headers: { authorization: `Bearer ${created.body.token}` },
      body: 'via API token',
    });
    expect(pushed.status).toBe(200);
    expect((await call('DELETE', `/intake-tokens/${created.body.id}`)).status).toBe(204);
    expect((await call('DELETE', `/intake-tokens/${created.body.id}`)).status).toBe(404);
    expect((await call('GET', '/intake-tokens')).body).toEqual([]);
  });

  it('sets the bridge and follows an Instagram account through it', async () => {
    expect((await call('GET', '/bridge')).body).toEqual({ bridge: null });
    const noBridge = await call('POST', '/follow', { platform: 'instagram', account: 'nasa' });
    expect(noBridge.status).toBe(400);
    expect(noBridge.body.error.message).toContain('needs an RSSHub or RSS-Bridge instance');
    const set = await call('PUT', '/bridge', { url: bridge.url, kind: 'rsshub' });
    expect(set.body).toEqual({ bridge: { kind: 'rsshub', url: `${bridge.url}/` } });
    const follow = await call('POST', '/follow', {
      platform: 'instagram',
      account: 'https://www.instagram.com/nasa/',
    });
    expect(follow.status).toBe(201);
    expect(follow.body).toMatchObject({
      platform: 'instagram',
      feedUrl: `${bridge.url}/instagram/user/nasa`,
      itemsAdded: 1,
      source: { kind: 'feed', name: 'Instagram: @nasa' },
    });
    const row = await t.app.db.kysely
      .selectFrom('sources')
      .select('config')
      .where('id', '=', follow.body.source.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.config)).toEqual({ platform: 'instagram', account: '@nasa' });
    expect((await call('POST', '/follow', { platform: 'instagram', account: 'nasa' })).status).toBe(
      200,
    );
    expect((await call('PUT', '/bridge', { url: null })).body).toEqual({ bridge: null });
  });

  it('imports an uploaded export, and again adds nothing', async () => {
    const zip = zipSync(Object.fromEntries(exportFiles('x').map((f) => [f.path, f.data])));
    const upload = () =>
      http.request('/api/v1/imports', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip' },
        body: zip,
      });
    const first = await upload();
    if (first.status !== 200) throw new Error(await first.text());
    expect(await first.json()).toMatchObject({
      kind: 'x',
      sourceName: 'X archive',
      found: 2,
      added: 2,
    });
    expect(await (await upload()).json()).toMatchObject({ added: 0, unchanged: 2 });
    const bad = await http.request('/api/v1/imports?kind=snapchat', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: zip,
    });
    expect(bad.status).toBe(400);
    const items = (await call('GET', '/items?limit=100')).body as Json[];
    importedItem = items.find((i) => i.sourceKind === 'import')!.id;
  });

  it('connects Mastodon with a token and Bluesky with an app password', async () => {
    const authorize = await call('POST', '/mastodon/authorize', { instance: masto.url });
    expect(authorize.body.authorizeUrl).toContain(
      `${masto.url}/oauth/authorize?client_id=client-abc`,
    );
    const mastodon = await call('POST', '/mastodon/connect', {
      instance: masto.url,
      token: masto.token,
    });
    expect(mastodon.status).toBe(201);
    expect(mastodon.body).toMatchObject({
      created: true,
      itemsAdded: 22,
      source: { kind: 'mastodon' },
    });
    const wrong = await call('POST', '/mastodon/connect', { instance: masto.url, token: 'nope' });
    expect(wrong.status).toBe(400);
    const bluesky = await call('POST', '/bluesky/connect', {
      handle: ME.handle,
      password: bsky.password,
      service: bsky.url,
    });
    expect(bluesky.status).toBe(201);
    expect(bluesky.body).toMatchObject({
      created: true,
      source: { kind: 'bluesky', name: '@me.bsky.social' },
    });
    const items = (await call('GET', '/items?limit=1000')).body as Json[];
    expect(new Set(items.map((i) => i.sourceKind))).toEqual(
      new Set(['ntfy', 'feed', 'import', 'mastodon', 'bluesky']),
    );
  });

  it('gives share links for an item, Mastodon on the connected instance; 404 for others', async () => {
    const res = await call('GET', `/items/${importedItem}/share`);
    const links = Object.fromEntries((res.body.links as Json[]).map((l) => [l.platform, l.url]));
    expect(links.linkedin).toMatch(
      /^https:\/\/www\.linkedin\.com\/sharing\/share-offsite\/\?url=https%3A%2F%2Fx\.com%2Fjdoe_dev%2Fstatus%2F/,
    );
    expect(links.mastodon).toMatch(new RegExp(`^${masto.url}/share\\?text=`));
    const own = await call(
      'GET',
      `/items/${importedItem}/share?mastodonInstance=fosstodon.org&text=Worth%20reading`,
    );
    expect(own.body.links.find((l: Json) => l.platform === 'mastodon').url).toMatch(
      /^https:\/\/fosstodon\.org\/share\?text=Worth\+reading\+https%3A%2F%2Fx\.com%2Fjdoe_dev%2Fstatus%2F\d+$/,
    );
    expect((await call('GET', `/items/${importedItem}/share`, undefined, otherToken)).status).toBe(
      404,
    );
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await (await http.request('/api/v1/openapi.json')).json()) as Json;
    for (const path of [
      '/intake-tokens',
      '/intake-tokens/{id}',
      '/mastodon/authorize',
      '/mastodon/connect',
      '/mastodon/finish',
      '/bluesky/connect',
      '/bridge',
      '/follow',
      '/imports',
      '/items/{id}/share',
    ]) {
      expect(Object.keys(doc.paths), path).toContain(`/api/v1${path}`);
    }
  });
});
