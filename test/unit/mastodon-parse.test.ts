import { describe, expect, it } from 'vitest';
import {
  compareIds,
  newestId,
  notificationToDraft,
  parseEntities,
  statusToDraft,
} from '../../src/sources/mastodon/parse.ts';
import type { MastoNotification, MastoStatus } from '../../src/sources/mastodon/types.ts';
import { mastodonFixture } from '../helpers/mastodon-server.ts';

const me = { id: '14715' };

describe('Mastodon statuses → drafts (corpus JSON)', () => {
  it('maps a 20-status timeline with media as attachments', () => {
    const statuses = parseEntities<MastoStatus>(
      mastodonFixture('bigbone/tag_timeline.json'),
      'timeline',
    );
    const drafts = statuses.map((s) => statusToDraft(s, me));
    expect(drafts).toHaveLength(20);
    expect(new Set(drafts.map((d) => d.externalId)).size).toBe(20);
    expect(drafts.every((d) => d.kind === 'post' && d.origin === 'timeline')).toBe(true);
    const withMedia = drafts.find((d) => d.externalId === 'status:712113')!;
    expect(withMedia.attachments).toEqual([
      expect.objectContaining({
        url: expect.stringContaining('db8366db12ccfa06.png'),
        type: 'image/*',
      }),
    ]);
    expect(withMedia.contentHtml).toContain('<img src=');
    expect(withMedia.author).toBe('@armavi@framapiaf.org');
    expect(withMedia.url).toBe('https://framapiaf.org/users/armavi/updates/14054');
    expect(withMedia.publishedAt?.toISOString()).toBe('2017-04-21T14:54:11.000Z');
  });

  it('shows a boost as such and a content warning as a closed details', () => {
    const boost = statusToDraft(
      mastodonFixture<MastoStatus>('mastodonkit/StatusWithoutNull.json'),
      me,
    );
    expect(boost.title).toBe("CW: Let's keep his a secret!");
    expect(boost.contentHtml).toContain('boosted');
    expect(boost.contentHtml).toContain(
      '<details><summary>CW: Let&#39;s keep his a secret!</summary>',
    );
    expect(boost.author).toBe('Ornitho Coder (@ornithocoder)');
    expect(boost.extra).toMatchObject({ mastodon: { boostedBy: 'Ornitho Coder (@ornithocoder)' } });
  });

  it('renders link cards and polls, and tolerates null-heavy statuses', () => {
    const card = statusToDraft(
      mastodonFixture<MastoStatus>('bigbone/status_with_previewcard.json'),
      me,
    );
    expect(card.contentHtml).toContain('<blockquote><a href=');
    const poll = statusToDraft(mastodonFixture<MastoStatus>('bigbone/status_with_poll.json'), me);
    expect(poll.contentHtml).toMatch(/Poll.*<ul><li>/);
    const nulls = statusToDraft(
      mastodonFixture<MastoStatus>('mastodonkit/StatusWithNull.json'),
      me,
    );
    expect(nulls.externalId).toMatch(/^status:/);
  });

  it('marks statuses that mention or reply to the user', () => {
    const base = mastodonFixture<MastoStatus[]>('bigbone/timelines.json')[0]!;
    const mention = statusToDraft({ ...base, mentions: [{ id: '14715', acct: 'trwnh' }] }, me);
    expect(mention.kind).toBe('mention');
    const reply = statusToDraft({ ...base, in_reply_to_account_id: '14715' }, me);
    expect(reply.kind).toBe('reply');
    const own = statusToDraft(
      { ...base, account: { id: '14715', acct: 'trwnh' }, mentions: [{ id: '14715' }] },
      me,
    );
    expect(own.kind).toBe('post');
  });
});

describe('Mastodon notifications → drafts (corpus JSON)', () => {
  it('a mention that replies to the user is a reply; a favourite is a notification', () => {
    const list = parseEntities<MastoNotification>(
      mastodonFixture('bigbone/notifications.json'),
      'notifications',
    );
    const [mention, favourite] = list.map((n) => notificationToDraft(n, me));
    expect(mention).toMatchObject({
      externalId: 'notification:34975861',
      kind: 'reply',
      origin: 'notification',
      title: 'zsc mentioned you',
    });
    // The same reply in the home timeline: kind reply too (it ranks so), but from the timeline.
    expect(statusToDraft(list[0]!.status!, me)).toMatchObject({
      externalId: 'status:103186126728896492',
      kind: 'reply',
      origin: 'timeline',
    });
    expect(mention!.contentHtml).toContain('sup!');
    expect(favourite).toMatchObject({
      kind: 'notification',
      title: 'haskal@cybre.space favourited your post',
      author: '@haskal@cybre.space',
    });
  });

  it('favourites quote the favourited status', () => {
    const [first] = parseEntities<MastoNotification>(
      mastodonFixture('mastodonkit/Notifications.json'),
      'n',
    ).map((n) => notificationToDraft(n, me));
    expect(first!.title).toBe('Ornithologist Coder favourited your post');
    expect(first!.contentHtml).toContain('<blockquote>');
    expect(first!.url).toBe('https://mastodon.technology/@ornithocoder');
  });

  it('a mention without a reply is a mention; follows name the follower', () => {
    const account = {
      id: '9',
      acct: 'ann@example.social',
      display_name: 'Ann',
      url: 'https://example.social/@ann',
    };
    const mention = notificationToDraft(
      {
        id: '1',
        type: 'mention',
        account,
        status: { id: '5', content: '<p>hi @trwnh</p>', account, mentions: [{ id: '14715' }] },
      },
      me,
    );
    expect(mention.kind).toBe('mention');
    const follow = notificationToDraft({ id: '2', type: 'follow', account }, me);
    expect(follow).toMatchObject({
      kind: 'notification',
      title: 'Ann followed you',
      url: 'https://example.social/@ann',
    });
  });

  it('rejects answers that are not arrays of entities, naming the index', () => {
    expect(() => parseEntities({ error: 'x' }, 'the home timeline')).toThrow(
      'mastodon: the home timeline is not a JSON array',
    );
    expect(() => parseEntities([{ id: '1' }, { nope: 1 }], 'the notifications')).toThrow(
      'the notifications[1] has no string "id"',
    );
  });
});

describe('Mastodon ids', () => {
  it('orders snowflake ids by length, then lexically', () => {
    expect(compareIds('99', '100')).toBeLessThan(0);
    expect(compareIds('103186126728896492', '103186046267791694')).toBeGreaterThan(0);
    expect(newestId(['5', '12', '7'], '9')).toBe('12');
    expect(newestId([], null)).toBeNull();
  });
});
