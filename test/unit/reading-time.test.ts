/** Reading time from words, media and kind: feed → draft → prepared item, as ingestion does it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { playingSeconds, readingSeconds } from '../../src/domain/ranking.ts';
import type { ItemDraft } from '../../src/domain/types.ts';
import { draftHash, prepareDraft } from '../../src/pipeline/prepare.ts';
import { entryToDraft } from '../../src/sources/feed/adapter.ts';
import { parseFeed } from '../../src/sources/feed/parse.ts';

const prepared = (xml: string) =>
  parseFeed(new TextEncoder().encode(xml), { url: 'https://pod.example/feed.xml' }).items.map(
    (entry) => prepareDraft(entryToDraft(entry)),
  );

const fixture = (path: string) =>
  parseFeed(readFileSync(new URL(`../fixtures/feeds/${path}`, import.meta.url)), {
    url: `https://corpus.test/${path}`,
  });

const podcast = `<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Pod</title><link>https://pod.example/</link>
<item><guid>ep1</guid><title>Episode with itunes:duration</title>
  <description>Show notes.</description>
  <enclosure url="https://pod.example/ep1.mp3" type="audio/mpeg" length="123"/>
  <itunes:duration>45:00</itunes:duration></item>
<item><guid>ep2</guid><title>Episode with media:content durations</title>
  <description>Show notes.</description>
  <media:group>
    <media:content url="https://pod.example/ep2-low.mp4" type="video/mp4" duration="750"/>
    <media:content url="https://pod.example/ep2-high.mp4" type="video/mp4" duration="751.5"/>
  </media:group></item>
<item><guid>ep3</guid><title>Episode without a duration</title>
  <description>Show notes.</description>
  <enclosure url="https://pod.example/ep3.mp3" type="audio/mpeg" length="123"/></item>
<item><guid>ep4</guid><title>A video without a duration</title>
  <description>Show notes.</description>
  <enclosure url="https://pod.example/ep4.mp4" type="video/mp4" length="123"/></item>
<item><guid>a1</guid><title>Plain article</title><description>Just a few words.</description></item>
</channel></rss>`;

describe('reading time of audio and video', () => {
  // "Show notes." reads in 1 s (2 words at 230 a minute).
  it('uses itunes:duration and the longest media:content duration, with the words on top', () => {
    const [ep1, ep2, , , article] = prepared(podcast);
    expect(ep1?.readingSeconds).toBe(45 * 60 + 1);
    expect(ep2?.readingSeconds).toBe(751 + 1);
    // Without media the floor of an article still holds.
    expect(article?.readingSeconds).toBe(60);
  });

  it('assumes an episode’s length when the feed gives none, by kind', () => {
    const [, , ep3, ep4] = prepared(podcast);
    expect(ep3?.readingSeconds).toBe(30 * 60 + 1);
    expect(ep4?.readingSeconds).toBe(10 * 60 + 1);
    // A clip in a post or message is short.
    expect(playingSeconds('post', [{ type: 'video/*' }], null)).toBe(60);
    expect(playingSeconds('message', [{ type: 'audio/ogg' }], undefined)).toBe(60);
    expect(playingSeconds('article', [{ type: 'image/png' }, { type: null }], null)).toBe(0);
  });

  it('reads the durations of real feeds: Channel 9 (itunes:duration) and Vimeo (a URL-less media:content)', () => {
    const ch9 = fixture('feed-rs/rss_2.0_ch9.xml').items[0]!;
    expect(ch9.durationSeconds).toBe(867);
    expect(entryToDraft(ch9).durationSeconds).toBe(867);
    const vimeo = fixture('feed-rs/rss_2.0_vimeo_media.xml').items[0]!;
    expect(vimeo.durationSeconds).toBe(610);
    expect(prepareDraft(entryToDraft(vimeo)).readingSeconds).toBeGreaterThanOrEqual(610);
  });

  it('caps a broken or live duration at a day', () => {
    expect(playingSeconds('article', [], 10 ** 12)).toBe(86_400);
    expect(readingSeconds('article', 0, 0, playingSeconds('article', [], 10 ** 12))).toBe(86_400);
  });

  it('keeps the hash of items without a duration, and changes it when a duration appears', () => {
    const base: ItemDraft = {
      externalId: 'x',
      kind: 'article',
      url: 'https://pod.example/x',
      title: 'X',
      author: null,
      contentHtml: '<p>x</p>',
      summary: null,
      publishedAt: null,
      baseUrl: null,
    };
    expect(draftHash({ ...base, durationSeconds: null })).toBe(draftHash(base));
    expect(draftHash({ ...base, durationSeconds: 60 })).not.toBe(draftHash(base));
  });
});
