import { describe, expect, it } from 'vitest';
import { postUrl, renderEmbed } from '../../src/sources/bluesky/embeds.ts';
import {
  feedViewPostToDraft,
  listOf,
  notificationToDraft,
} from '../../src/sources/bluesky/parse.ts';
import { richTextHtml } from '../../src/sources/bluesky/richtext.ts';
import type {
  BskyEmbedView,
  BskyFeedViewPost,
  BskyNotification,
  BskyPostView,
} from '../../src/sources/bluesky/types.ts';
import { blueskyFixture, ME } from '../helpers/bluesky-server.ts';

const timeline = listOf<BskyFeedViewPost>(
  blueskyFixture('app.bsky.feed.getTimeline.json'),
  'feed',
  'getTimeline',
).items;

describe('Bluesky rich text', () => {
  it('turns facets into links by UTF-8 byte offsets', () => {
    const text = 'héllo @ann.bsky.social see example.org #tag';
    const at = (s: string) => Buffer.byteLength(text.slice(0, text.indexOf(s)));
    const facet = (s: string, feature: Record<string, string>) => ({
      index: { byteStart: at(s), byteEnd: at(s) + Buffer.byteLength(s) },
      features: [feature],
    });
    const html = richTextHtml(text, [
      facet('@ann.bsky.social', { $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:ann' }),
      facet('example.org', {
        $type: 'app.bsky.richtext.facet#link',
        uri: 'https://example.org/a?b=1&c=2',
      }),
      facet('#tag', { $type: 'app.bsky.richtext.facet#tag', tag: 'tag' }),
    ]);
    expect(html).toBe(
      'héllo <a href="https://bsky.app/profile/did:plc:ann">@ann.bsky.social</a> see <a href="https://example.org/a?b=1&amp;c=2">example.org</a> <a href="https://bsky.app/hashtag/tag">#tag</a>',
    );
  });

  it('escapes text, keeps line breaks, ignores bad or javascript: facets', () => {
    const html = richTextHtml('<b>x</b>\nline', [
      {
        index: { byteStart: 0, byteEnd: 999 },
        features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://a.example' }],
      },
      {
        index: { byteStart: 0, byteEnd: 3 },
        features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'javascript:alert(1)' }],
      },
    ]);
    expect(html).toBe('&lt;b&gt;x&lt;/b&gt;<br>line');
  });

  it('renders the link facets of the corpus timeline', () => {
    const entry = timeline.find((e) =>
      e.post.record?.text?.includes('Research Program in Development Economics'),
    )!;
    expect(feedViewPostToDraft(entry, ME.did).contentHtml).toContain(
      '<a href="https://www.aeaweb.org/joe/listing.php?JOE_ID=2023-02_111472666">www.aeaweb.org/joe/listing....</a>',
    );
  });
});

describe('Bluesky timeline entries → drafts (corpus)', () => {
  const drafts = timeline.map((e) => feedViewPostToDraft(e, ME.did));

  it('maps all 50 entries with stable ids; 13 reposts are shown as such', () => {
    expect(drafts).toHaveLength(50);
    expect(new Set(drafts.map((d) => d.externalId)).size).toBe(50);
    expect(drafts.every((d) => d.origin === 'timeline')).toBe(true);
    const reposts = drafts.filter((d) => d.externalId.startsWith('repost:'));
    expect(reposts).toHaveLength(13);
    expect(reposts[0]!.title).toMatch(/^🔁 .+ reposted$/);
    expect(reposts[0]!.contentHtml).toContain('reposted');
    expect(drafts[0]!.url).toBe('https://bsky.app/profile/mirya.bsky.social/post/3kazcxhe5b52v');
    expect(drafts[0]!.contentHtml).toContain('↩ Replying to');
  });

  it('renders images, external cards and quoted posts', () => {
    const withImage = drafts.find((d) => d.attachments?.length)!;
    expect(withImage.contentHtml).toContain('<img src="https://av-cdn.bsky.app/img/feed_fullsize/');
    expect(
      drafts.some((d) => d.contentHtml?.includes('<strong>N.Y.P.D. Sergeant Shown on Video')),
    ).toBe(true);
    const quote = drafts.find((d) => d.contentHtml?.includes('helpfully reported gas prices'))!;
    expect(quote.contentHtml).toContain(
      '<blockquote><p><a href="https://bsky.app/profile/smotus.bsky.social/post/3kaz6eq5ycp2p">',
    );
    expect(quote.contentHtml).toContain('feed_fullsize');
  });

  it('renders recordWithMedia quotes (getQuotes corpus)', () => {
    const posts = blueskyFixture<{ posts: BskyPostView[] }>('app.bsky.feed.getQuotes.json').posts;
    const withMedia = posts.find((p) => p.embed?.$type === 'app.bsky.embed.recordWithMedia#view')!;
    const html = renderEmbed(withMedia.embed as BskyEmbedView).html;
    expect(html).toContain('<blockquote>');
    expect(html.match(/<blockquote>/g)!.length).toBeGreaterThanOrEqual(1);
    expect(
      renderEmbed({
        $type: 'app.bsky.embed.record#view',
        record: { $type: 'app.bsky.embed.record#viewNotFound', uri: 'at://x' },
      }).html,
    ).toContain('Quoted post unavailable');
  });

  it('addresses replies and mentions to the user', () => {
    const base = timeline.find((e) => !e.reason && !e.reply)!;
    const reply = feedViewPostToDraft(
      {
        ...base,
        reply: {
          parent: {
            uri: 'at://me/app.bsky.feed.post/1',
            author: { did: ME.did, handle: ME.handle },
          },
        },
      },
      ME.did,
    );
    expect(reply.kind).toBe('reply');
    const mention = feedViewPostToDraft(
      {
        ...base,
        post: {
          ...base.post,
          record: {
            text: 'hi @me',
            facets: [
              {
                index: { byteStart: 3, byteEnd: 6 },
                features: [{ $type: 'app.bsky.richtext.facet#mention', did: ME.did }],
              },
            ],
          },
        },
      },
      ME.did,
    );
    expect(mention.kind).toBe('mention');
    expect(feedViewPostToDraft(base, ME.did).kind).toBe('post');
  });
});

describe('Bluesky notifications → drafts (corpus)', () => {
  const list = listOf<BskyNotification>(
    blueskyFixture('app.bsky.notification.listNotifications.json'),
    'notifications',
    'listNotifications',
  ).items;

  it('follows and likes are notifications that say who did what', () => {
    const drafts = list.map(notificationToDraft);
    expect(drafts).toHaveLength(45);
    expect(drafts.every((d) => d.origin === 'notification')).toBe(true);
    expect(drafts.filter((d) => d.title?.endsWith('followed you'))).toHaveLength(39);
    const like = drafts.find((d) => d.title?.endsWith('liked your post'))!;
    expect(like).toMatchObject({
      kind: 'notification',
      url: 'https://bsky.app/profile/did:plc:wpe35pganb6d4pg4ekmfy6u5/post/3kasvzedyyu2r',
    });
  });

  it('mentions and replies carry the post text and are addressed to the user', () => {
    const author = { did: 'did:plc:ann', handle: 'ann.bsky.social', displayName: 'Ann' };
    const reply = notificationToDraft({
      uri: 'at://did:plc:ann/app.bsky.feed.post/3abc',
      author,
      reason: 'reply',
      record: { text: 'Agreed!' },
      indexedAt: '2023-10-06T10:00:00Z',
    });
    expect(reply).toMatchObject({
      kind: 'reply',
      title: 'Ann replied to your post',
      url: 'https://bsky.app/profile/ann.bsky.social/post/3abc',
    });
    expect(reply.contentHtml).toContain('Agreed!');
    expect(
      notificationToDraft({ uri: 'at://x/app.bsky.feed.post/1', author, reason: 'mention' }).kind,
    ).toBe('mention');
  });

  it('rejects an answer without the list, naming it', () => {
    expect(() => listOf({ cursor: 'x' }, 'feed', 'app.bsky.feed.getTimeline')).toThrow(
      'bluesky: app.bsky.feed.getTimeline answered no "feed" array',
    );
    expect(postUrl('https://not-at-uri')).toBeNull();
  });
});
