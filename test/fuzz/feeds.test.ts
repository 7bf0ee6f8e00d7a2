import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedParseError } from '../../src/domain/errors.ts';
import { prepareDraft } from '../../src/pipeline/prepare.ts';
import { feedToDrafts } from '../../src/sources/feed/adapter.ts';
import { parseFeed } from '../../src/sources/feed/parse.ts';
import {
  fixture,
  isValidOrNull,
  markupish,
  mutated,
  params,
  parsesOrTypedError,
  TIMEOUT,
} from './fuzz.ts';

/** One real feed of each format, from test/fixtures/feeds (origins in its SOURCES.md). */
const FEEDS = {
  rss: 'netnewswire/atp.rss',
  atom: 'netnewswire/DaringFireball.atom',
  rdf: 'netnewswire/bio.rdf',
  json: 'netnewswire/authors.json',
} as const;

describe('feed parsing, property-based', () => {
  it.each(Object.entries(FEEDS))(
    'a mutated %s feed parses into items with real dates, or fails with FeedParseError',
    (_format, path) => {
      const original = fixture(`feeds/${path}`);
      fc.assert(
        fc.property(mutated(original), fc.boolean(), (bytes, asText) => {
          const feed = parsesOrTypedError(() =>
            parseFeed(asText ? bytes.toString('utf8') : bytes, { url: 'https://example.org/feed' }),
          );
          if (!('items' in feed)) {
            expect(feed).toBeInstanceOf(FeedParseError);
            return;
          }
          for (const item of feed.items) expect(isValidOrNull(item.publishedAt)).toBe(true);
          // The drafts survive the pipeline's pure steps too (sanitiser, summary, title key).
          for (const draft of feedToDrafts(feed).slice(0, 5)) {
            const prepared = prepareDraft(draft);
            expect(isValidOrNull(prepared.publishedAt)).toBe(true);
            expect(prepared.contentHtml ?? '').not.toMatch(/<script/i);
          }
        }),
        params(),
      );
    },
    TIMEOUT,
  );

  it(
    'random markup-like text never throws anything but FeedParseError',
    () => {
      fc.assert(
        fc.property(
          markupish,
          fc.constantFrom(
            '',
            '<rss><channel>',
            '<feed xmlns="http://www.w3.org/2005/Atom">',
            '{"version":"https://jsonfeed.org/version/1.1","items":[',
          ),
          (text, prefix) => {
            const feed = parsesOrTypedError(() => parseFeed(prefix + text));
            if (!('items' in feed)) expect(feed).toBeInstanceOf(FeedParseError);
          },
        ),
        params(),
      );
    },
    TIMEOUT,
  );
});
