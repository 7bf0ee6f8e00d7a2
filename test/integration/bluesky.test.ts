import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSource } from '../../src/db/repos/sources.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { listItemViews } from '../../src/services/items/items.ts';
import { connectBluesky } from '../../src/services/social/bluesky.ts';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import { type BlueskyServer, ME, startBlueskyServer } from '../helpers/bluesky-server.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';

describe.each(DIALECTS)('Bluesky on %s', (dialect) => {
  let t: TestApp;
  let bsky: BlueskyServer;
  let clock: TestClock;
  let userId: number;
  let sourceId: number;

  beforeAll(async () => {
    clock = new TestClock('2026-03-02T07:00:00Z');
    t = await openTestApp(dialect, { clock });
    bsky = await startBlueskyServer();
    userId = (await resolveUser(t.app.db.kysely, undefined)).id;
  });
  afterAll(async () => {
    await bsky.close();
    await t.cleanup();
  });

  const source = async () => (await findSource(t.app.db.kysely, userId, sourceId))!;
  const items = () => listItemViews(t.app, userId, { sourceId, limit: 1000 });

  it('refuses a wrong app password with the service’s reason', async () => {
    await expect(
      connectBluesky(t.app, userId, ME.handle, 'wrong', { service: bsky.url }),
    ).rejects.toThrow(
      'bluesky: logging in as me.bsky.social failed (AuthenticationRequired: Invalid identifier or password)',
    );
  });

  it('logs in with an app password, stores the session encrypted, and pulls the first page', async () => {
    const result = await connectBluesky(t.app, userId, `@${ME.handle}`, bsky.password, {
      service: bsky.url,
    });
    sourceId = result.source.id;
    expect(result).toMatchObject({ created: true, itemsAdded: 95 }); // 50 timeline + 45 notifications
    expect(result.source).toMatchObject({
      kind: 'bluesky',
      name: '@me.bsky.social',
      url: `https://bsky.app/profile/${ME.did}`,
    });
    const config = (await source()).config;
    expect(config).not.toContain(bsky.password);
    expect(config).not.toContain('access-1');
    const stored = await items();
    expect(stored.filter((i) => i.kind === 'post')).toHaveLength(50);
    expect(stored.filter((i) => i.kind === 'notification')).toHaveLength(45);
    expect(stored.find((i) => i.kind === 'notification')).toMatchObject({
      sourceKind: 'bluesky',
      wouldPush: true,
    });
    expect(stored.find((i) => i.kind === 'post')).toMatchObject({ wouldPush: false });
  });

  it('pages back with the cursor until it reaches what it saw, nothing twice', async () => {
    bsky.addTimeline([...bsky.timeline.slice(0, 30), ...bsky.timeline.slice(0, 30)]); // 60 new entries
    bsky.addNotifications(bsky.notifications.slice(0, 3));
    bsky.server.reset();
    const result = await refreshSource(t.app, await source());
    expect(result.status).toBe('ok');
    expect(result.inserted).toHaveLength(63);
    const pages = bsky.server
      .requests('/xrpc/app.bsky.feed.getTimeline')
      .map((r) => new URLSearchParams(r.search).get('cursor'));
    expect(pages).toEqual([null, '50']);
    const again = await refreshSource(t.app, await source());
    expect(again.inserted).toHaveLength(0);
    expect(await items()).toHaveLength(158);
  });

  it('refreshes an expired access token, and logs in again when the refresh token expired too', async () => {
    bsky.expire();
    bsky.addTimeline(bsky.timeline.slice(0, 1));
    bsky.server.reset();
    expect((await refreshSource(t.app, await source())).inserted).toHaveLength(1);
    expect(bsky.server.hits('/xrpc/com.atproto.server.refreshSession')).toBe(1);
    bsky.expire({ refresh: true });
    bsky.addTimeline(bsky.timeline.slice(0, 1));
    expect((await refreshSource(t.app, await source())).inserted).toHaveLength(1);
    expect(bsky.server.hits('/xrpc/com.atproto.server.createSession')).toBe(1);
    // The renewed session was stored: the next poll needs no renewal.
    bsky.server.reset();
    await refreshSource(t.app, await source());
    expect(bsky.server.hits('/xrpc/com.atproto.server.refreshSession')).toBe(0);
  });

  it('answers retry_later on 429 and holds after ratelimit-remaining: 0', async () => {
    const reset = new Date(clock.now().getTime() + 10 * 60_000);
    bsky.rateLimit('429', reset);
    const limited = await refreshSource(t.app, await source());
    expect(limited.status).toBe('retry_later');
    expect((await source()).retry_after).toBe(Math.floor(reset.getTime() / 1000) * 1000);
    bsky.rateLimit('remaining-0', reset);
    bsky.addTimeline(bsky.timeline.slice(0, 2));
    bsky.server.reset();
    const partial = await refreshSource(t.app, await source());
    expect(partial.inserted).toHaveLength(2);
    expect(bsky.server.hits('/xrpc/app.bsky.notification.listNotifications')).toBe(0);
    expect((await refreshSource(t.app, await source())).status).toBe('retry_later');
    expect(bsky.server.hits('/xrpc/app.bsky.feed.getTimeline')).toBe(1);
    clock.set(new Date(reset.getTime() + 1000));
    bsky.rateLimit('off');
    expect((await refreshSource(t.app, await source())).status).toBe('ok');
    expect(bsky.server.hits('/xrpc/app.bsky.notification.listNotifications')).toBe(1);
  });
});
