/**
 * One reply to the user reaches Checkpoint twice: as a status (post) of the home timeline and
 * as a notification. Both are kept — the timeline copy with kind `reply`, so that it still
 * ranks as addressed to the user — but only the notification would have pushed, so the
 * ledger counts one push (DESIGN.md "would-push defaults": notifications yes, timeline posts
 * no). Against the Mastodon and Bluesky fixture servers, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSource, updateSource } from '../../src/db/repos/sources.ts';
import { createUser } from '../../src/services/accounts/users.ts';
import { ledgerDays } from '../../src/services/checkpoints/ledger.ts';
import { connectBluesky } from '../../src/services/social/bluesky.ts';
import { connectMastodonWithToken } from '../../src/services/social/mastodon.ts';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import { ME, startBlueskyServer } from '../helpers/bluesky-server.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { startMastodonServer } from '../helpers/mastodon-server.ts';

const DAY = '2026-03-02';

// biome-ignore lint/suspicious/noExplicitAny: corpus JSON is reshaped loosely here
type Loose = Record<string, any>;

describe.each(DIALECTS)('would-push of social sources on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await openTestApp(dialect, { clock: new TestClock(`${DAY}T07:00:00Z`) });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  /** A user of their own per test, so that each ledger holds only that test's items. */
  const newUser = async (email: string) =>
    await createUser(t.app.db.kysely, t.app.clock, { email, tz: 'UTC' });
  const rows = async (sourceId: number) =>
    await t.app.db.kysely
      .selectFrom('items')
      .select(['external_id', 'kind', 'would_push'])
      .where('source_id', '=', sourceId)
      .orderBy('external_id')
      .execute();
  const pushes = async (user: { id: number; tz: string }) =>
    (await ledgerDays(t.app, user, DAY, DAY))[0]?.pushesReceived;

  it('Mastodon: a reply in the home timeline and its mention notification count once; the source override still wins', async () => {
    const masto = await startMastodonServer();
    try {
      const user = await newUser('masto@example.org');
      const mention = masto.notifications.find((n) => n.type === 'mention') as {
        id: string;
        status: { id: string } & Loose;
      };
      // The same reply to the user (account 14715), in the home timeline too.
      masto.statuses.push(structuredClone(mention.status));
      const { source } = await connectMastodonWithToken(t.app, user.id, masto.url, masto.token);
      const stored = await rows(source.id);
      expect(stored.filter((r) => r.kind === 'reply')).toEqual([
        { external_id: `notification:${mention.id}`, kind: 'reply', would_push: 1 },
        { external_id: `status:${mention.status.id}`, kind: 'reply', would_push: 0 },
      ]);
      const timeline = stored.filter((r) => r.external_id.startsWith('status:'));
      const notifications = stored.filter((r) => r.external_id.startsWith('notification:'));
      expect(timeline).toHaveLength(21);
      expect(timeline.every((r) => r.would_push === 0)).toBe(true);
      expect(notifications.map((r) => r.would_push)).toEqual([1, 1]); // the mention, a favourite
      expect(await pushes(user)).toBe(2);

      // "Would push: yes" on the source makes everything from it a push, timeline included …
      await updateSource(t.app.db.kysely, user.id, source.id, { would_push: 1 });
      masto.addStatuses([mention.status]);
      masto.addNotifications([mention]);
      const loud = await refreshSource(
        t.app,
        (await findSource(t.app.db.kysely, user.id, source.id))!,
      );
      expect(loud.inserted).toHaveLength(2);
      expect(await pushes(user)).toBe(4);
      // … and "no" makes nothing from it a push, notifications included.
      await updateSource(t.app.db.kysely, user.id, source.id, { would_push: 0 });
      masto.addStatuses([mention.status]);
      masto.addNotifications([mention]);
      const quiet = await refreshSource(
        t.app,
        (await findSource(t.app.db.kysely, user.id, source.id))!,
      );
      expect(quiet.inserted).toHaveLength(2);
      expect(await pushes(user)).toBe(4);
    } finally {
      await masto.close();
    }
  });

  it('Bluesky: a reply in getTimeline and its reply notification count once', async () => {
    const bsky = await startBlueskyServer();
    try {
      const user = await newUser('bsky@example.org');
      const mine = `at://${ME.did}/app.bsky.feed.post/3kmineparent`;
      const me = { did: ME.did, handle: ME.handle, displayName: 'Me' };
      const entry = structuredClone(bsky.timeline.find((e) => !e.reason && !e.reply) as Loose);
      entry.post.uri = `${entry.post.uri}-reply`;
      entry.post.indexedAt = '2023-10-07T09:00:00.000Z'; // newer than the corpus: first page
      entry.post.record.reply = { root: { uri: mine }, parent: { uri: mine } };
      entry.reply = { root: { uri: mine, author: me }, parent: { uri: mine, author: me } };
      bsky.timeline.push(entry);
      // Bluesky's notification of the same post (reason "reply", the post as its record).
      bsky.notifications.push({
        uri: entry.post.uri,
        cid: entry.post.cid,
        author: entry.post.author,
        reason: 'reply',
        reasonSubject: mine,
        record: entry.post.record,
        isRead: false,
        indexedAt: entry.post.indexedAt,
        labels: [],
      });
      const { source } = await connectBluesky(t.app, user.id, ME.handle, bsky.password, {
        service: bsky.url,
      });
      const stored = await rows(source.id);
      expect(stored.filter((r) => r.kind === 'reply')).toEqual([
        { external_id: `notification:${entry.post.uri}:reply`, kind: 'reply', would_push: 1 },
        { external_id: `post:${entry.post.uri}`, kind: 'reply', would_push: 0 },
      ]);
      const notifications = stored.filter((r) => r.external_id.startsWith('notification:'));
      const timeline = stored.filter((r) => !r.external_id.startsWith('notification:'));
      expect(notifications).toHaveLength(46); // 45 follows and likes of the corpus, the reply
      expect(notifications.every((r) => r.would_push === 1)).toBe(true);
      expect(timeline.length).toBeGreaterThan(0);
      expect(timeline.every((r) => r.would_push === 0)).toBe(true);
      expect(await pushes(user)).toBe(46);
    } finally {
      await bsky.close();
    }
  });
});
