/**
 * Every OPML file of the corpus (test/fixtures/opml, see its MANIFEST.tsv and SOURCES.md)
 * through `parseOpml`: the number of subscriptions, folders as categories, charsets.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOpml } from '../../src/sources/feed/opml.ts';

const DIR = new URL('../fixtures/opml/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, DIR));

const rows = readFileSync(new URL('MANIFEST.tsv', DIR), 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map((line) => {
    const [path = '', , wellformed, expected = ''] = line.split('\t');
    return { path, wellformed: wellformed === 'yes', expected: expected === '' ? null : +expected };
  });

describe('OPML corpus', () => {
  it.each(rows.filter((r) => r.expected !== null))(
    '$path gives its $expected subscriptions',
    ({ path, expected }) => {
      const doc = parseOpml(read(path));
      expect(doc.feeds).toHaveLength(expected!);
      expect(doc.errors).toEqual([]);
      for (const feed of doc.feeds) expect(feed.xmlUrl).toMatch(/^https?:\/\//);
    },
  );

  it('recovers the 15 subscriptions visible after the broken start of malformed.opml', () => {
    const doc = parseOpml(read('node-opmlparser/malformed.opml'));
    expect(doc.feeds).toHaveLength(15);
    expect(doc.feeds[0]).toMatchObject({
      title: 'The CSS Ninja',
      xmlUrl: 'http://www.thecssninja.com/feed',
    });
  });

  it('turns folders into categories, with or without title attributes', () => {
    for (const path of ['netnewswire/Subs.opml', 'netnewswire/SubsNoTitleAttributes.opml']) {
      const doc = parseOpml(read(path));
      expect([...new Set(doc.feeds.map((f) => f.category))]).toEqual([
        null,
        'Programming',
        'Macintosh',
        'Weblogs',
        'Writers',
      ]);
      expect(doc.feeds.find((f) => f.title === 'chat & code')?.category).toBeNull();
    }
    const feedly = parseOpml(read('opml-go/feedly.opml'));
    expect(feedly.feeds.map((f) => f.category)).toEqual(
      expect.arrayContaining(['Programming', 'Games']),
    );
  });

  it('decodes entities in URLs, and reports lines of CR-only files correctly', () => {
    const newsblur = parseOpml(read('opml-go/newsblur.opml'));
    expect(newsblur.feeds[0]?.xmlUrl).toBe(
      'http://www.blogger.com/feeds/1176949257541686127/posts/default?max-results=25&redirect=false&start-index=26',
    );
    const spec = parseOpml(read('opml-go/subscriptionList.opml'));
    expect(spec.title).toBe('mySubscriptions.opml');
    expect(spec.feeds.map((f) => f.line)).toEqual(
      [...spec.feeds.map((f) => f.line)].sort((a, b) => a - b),
    );
    expect(new Set(spec.feeds.map((f) => f.line)).size).toBe(13);
  });
});
