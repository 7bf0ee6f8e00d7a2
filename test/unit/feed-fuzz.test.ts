/**
 * Random truncations and mutations of real feeds: the parser must return a ParsedFeed or throw
 * FeedParseError — never another error, never hang (the test timeout bounds every case).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FeedParseError } from '../../src/domain/errors.ts';
import { parseFeed } from '../../src/sources/feed/parse.ts';

const FILES = [
  'netnewswire/DaringFireball.atom',
  'netnewswire/atp.rss',
  'netnewswire/bio.rdf',
  'netnewswire/authors.json',
  'netnewswire/3960.json',
  'feedjira/youtube_atom.xml',
  'feedjira/ITunesWithSingleQuotedAttributes.xml',
  'feedparser/wellformed/atom10/entry_content_inline_markup.xml',
  'feedparser/encoding/utf-16le-bom.xml',
  'miniflux/encoding_WINDOWS-1251.xml',
  'feed-rs/rss_2.0_relurl_1.xml',
  'simplepie/feed_rss-2.0_for_file_mock.xml',
];

const NASTY = [
  ...'<>&;"\'/=![]?-#:',
  '\u0000',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<!DOCTYPE x [',
  '&#',
  '&amp',
  'xmlns:a="',
  '{',
  '}',
  '\\u',
  '\ud800',
];

function rng(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % Math.max(1, n);
  };
}

function mutate(bytes: Uint8Array, next: (n: number) => number): Uint8Array {
  const b = Buffer.from(bytes);
  const at = next(b.length);
  switch (next(6)) {
    case 0:
      return b.subarray(0, at); // truncation
    case 1:
      return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + next(200)))]); // deletion
    case 2: {
      const junk = Buffer.from(NASTY[next(NASTY.length)]!);
      return Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]); // insertion
    }
    case 3: {
      const copy = Buffer.from(b);
      for (let k = 0; k < 8; k++) copy[next(copy.length)] = next(256); // random bytes
      return copy;
    }
    case 4: {
      const from = next(b.length);
      return Buffer.concat([b.subarray(0, at), b.subarray(from, from + next(500)), b.subarray(at)]); // duplication
    }
    default:
      return Buffer.concat([b.subarray(at), b.subarray(0, at)]); // rotation
  }
}

describe('parseFeed on mutated corpus files', () => {
  for (const path of FILES) {
    it(`returns a feed or throws FeedParseError: ${path}`, () => {
      const original = readFileSync(new URL(`../fixtures/feeds/${path}`, import.meta.url));
      const next = rng(path.length * 7919);
      const unexpected: string[] = [];
      let parsed = 0;
      for (let i = 0; i < 150; i++) {
        const input = mutate(original, next);
        try {
          const feed = parseFeed(input, { url: 'https://fuzz.test/feed' });
          for (const e of feed.items) {
            if (e.publishedAt !== null && Number.isNaN(e.publishedAt.getTime()))
              unexpected.push(`#${i}: invalid date`);
            if (e.url !== null && !/^https?:\/\//.test(e.url))
              unexpected.push(`#${i}: url ${e.url}`);
          }
          parsed++;
        } catch (error) {
          if (!(error instanceof FeedParseError)) unexpected.push(`#${i}: ${String(error)}`);
        }
      }
      expect(unexpected, unexpected.join('\n')).toEqual([]);
      expect(parsed).toBeGreaterThan(0);
    });
  }
});
