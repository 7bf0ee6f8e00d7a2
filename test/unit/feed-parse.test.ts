import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FeedParseError } from '../../src/domain/errors.ts';
import { entryExternalId } from '../../src/sources/feed/entry-id.ts';
import { parseFeed } from '../../src/sources/feed/parse.ts';
import type { ParsedEntry } from '../../src/sources/feed/types.ts';

const FEED_URL = 'https://example.com/feed.xml';

function one(xml: string, url: string | null = FEED_URL): ParsedEntry {
  const feed = parseFeed(xml, { url });
  expect(feed.items).toHaveLength(1);
  return feed.items[0]!;
}

const RSS_NS =
  'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:atom="http://www.w3.org/2005/Atom"';

describe('RSS 2.0', () => {
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" ${RSS_NS}>
<channel>
  <title>My &amp; <b>Blog</b></title>
  <link>https://example.com/</link>
  <atom:link href="https://example.com/feed.xml" rel="self" type="application/rss+xml"/>
  <itunes:author>Channel Author</itunes:author>
  <item>
    <title>Hello &lt;b&gt;World&lt;/b&gt; &amp;amp; more</title>
    <link>/posts/1?a=1&amp;b=2</link>
    <guid isPermaLink="false">tag:example.com,2024:1</guid>
    <pubDate>Mon, 01 Jan 2024 10:00:00 +0100</pubDate>
    <dc:creator>Ann</dc:creator>
    <dc:creator>Bob</dc:creator>
    <category>One</category><category> Two </category><category>One</category>
    <description>&lt;p&gt;Short&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>Full <a href="/x">text</a></p>]]></content:encoded>
    <enclosure url="/media/1.mp3" length="1234" type="audio/mpeg"/>
    <media:thumbnail url="https://cdn.example.com/t.jpg"/>
    <itunes:duration>1:02:03</itunes:duration>
  </item>
</channel>
</rss>`;

  it('maps the channel', () => {
    const feed = parseFeed(xml, { url: FEED_URL });
    expect(feed).toMatchObject({
      format: 'rss',
      title: 'My & Blog',
      siteUrl: 'https://example.com/',
      feedUrl: 'https://example.com/feed.xml',
    });
  });

  it('maps an item with content:encoded, dc:creator, media and itunes extensions', () => {
    expect(one(xml)).toEqual({
      guid: 'tag:example.com,2024:1',
      url: 'https://example.com/posts/1?a=1&b=2',
      title: 'Hello World & more',
      author: 'Ann, Bob',
      publishedAt: new Date('2024-01-01T09:00:00Z'),
      updatedAt: null,
      contentHtml: '<p>Full <a href="/x">text</a></p>',
      summaryHtml: '<p>Short</p>',
      baseUrl: FEED_URL,
      attachments: [{ url: 'https://example.com/media/1.mp3', type: 'audio/mpeg', length: 1234 }],
      imageUrl: 'https://cdn.example.com/t.jpg',
      categories: ['One', 'Two'],
      durationSeconds: 3723,
    });
  });

  it('takes the link from a permalink guid, feedburner:origLink or atom:link', () => {
    const item = (inner: string) =>
      one(
        `<rss ${RSS_NS} xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel><item>${inner}</item></channel></rss>`,
      );
    expect(item('<guid>https://example.com/p/1</guid>').url).toBe('https://example.com/p/1');
    expect(item('<guid isPermaLink="false">https://example.com/p/1</guid>').url).toBeNull();
    expect(
      item(
        '<link>https://feeds.test/~r/x</link><feedburner:origLink>https://example.com/real</feedburner:origLink>',
      ).url,
    ).toBe('https://example.com/real');
    expect(item('<atom:link rel="alternate" href="https://example.com/a"/>').url).toBe(
      'https://example.com/a',
    );
    expect(item('<link>javascript:alert(1)</link>').url).toBeNull();
    expect(item('<link>mailto:a@example.com</link>').url).toBeNull();
  });

  it('reads authors in their RSS shapes and falls back to the channel author', () => {
    const item = (inner: string, channel = '') =>
      one(`<rss ${RSS_NS}><channel>${channel}<item>${inner}</item></channel></rss>`).author;
    expect(item('<author>ann@example.com (Ann Example)</author>')).toBe('Ann Example');
    expect(item('<author>ann@example.com</author>')).toBe('ann@example.com');
    expect(item('<itunes:author>Pod Person</itunes:author>')).toBe('Pod Person');
    expect(item('<title>x</title>', '<itunes:author>Channel</itunes:author>')).toBe('Channel');
    expect(item('<title>x</title>')).toBeNull();
  });

  it('uses description as content when there is no content:encoded, and naked markup as HTML', () => {
    const e = one(
      '<rss><channel><item><description><p>Naked <em>markup</em></p></description></item></channel></rss>',
    );
    expect(e.contentHtml).toBe('<p>Naked <em>markup</em></p>');
    expect(e.summaryHtml).toBeNull();
    const pod = one(
      `<rss ${RSS_NS}><channel><item><itunes:summary>Show notes</itunes:summary></item></channel></rss>`,
    );
    expect(pod.contentHtml).toBe('Show notes');
  });

  it('honours xml:base on channel and item, for links and content', () => {
    const e = one(
      '<rss><channel xml:base="https://base.test/blog/"><item xml:base="posts/"><link>one.html</link><description xml:base="/img/">x</description></item></channel></rss>',
    );
    expect(e.url).toBe('https://base.test/blog/posts/one.html');
    expect(e.baseUrl).toBe('https://base.test/img/');
  });

  it('reads media:group and media:content', () => {
    const e = one(`<rss ${RSS_NS}><channel><item>
      <media:group><media:content url="https://v.test/a.mp4" type="video/mp4" fileSize="99"/>
      <media:content url="https://v.test/a.jpg" medium="image"/><media:description>Plain &lt;text&gt;</media:description></media:group>
    </item></channel></rss>`);
    expect(e.attachments).toEqual([{ url: 'https://v.test/a.mp4', type: 'video/mp4', length: 99 }]);
    expect(e.imageUrl).toBe('https://v.test/a.jpg');
    expect(e.contentHtml).toBe('Plain &lt;text&gt;');
  });

  it('keeps an empty feed empty and leaves absent values null', () => {
    const feed = parseFeed('<rss version="2.0"><channel><title>Empty</title></channel></rss>');
    expect(feed).toEqual({
      format: 'rss',
      title: 'Empty',
      siteUrl: null,
      feedUrl: null,
      items: [],
    });
  });

  it('keeps complete items of a truncated document and drops the cut-off one', () => {
    const feed = parseFeed(
      '<rss><channel><item><title>1</title></item><item><title>2</title></item><item><title>3',
    );
    expect(feed.items.map((e) => e.title)).toEqual(['1', '2']);
  });

  it('recovers items after an element left open and after a missing </item>', () => {
    const feed = parseFeed(
      `<rss ${RSS_NS}><channel><itunes:category text="Tech"><item><title>a</title></item><item><title>b</title><item><title>c</title></item></channel></rss>`,
    );
    expect(feed.items.map((e) => e.title).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('RSS 1.0 and 0.9x', () => {
  it('reads RDF items beside the channel, with rdf:about as guid', () => {
    const feed = parseFeed(
      `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel rdf:about="https://example.com/"><title>R</title><link>https://example.com/</link></channel>
        <item rdf:about="https://example.com/1"><title>One</title><link>https://example.com/1</link><dc:date>2024-01-02T03:04:05Z</dc:date></item>
      </rdf:RDF>`,
    );
    expect(feed.format).toBe('rdf');
    expect(feed.title).toBe('R');
    expect(feed.items[0]).toMatchObject({
      guid: 'https://example.com/1',
      title: 'One',
      publishedAt: new Date('2024-01-02T03:04:05Z'),
    });
  });

  it('reads RDF with a non-default prefix and RSS 0.91 with a DOCTYPE', () => {
    const rdf = parseFeed(
      '<r:RDF xmlns:r="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://purl.org/rss/1.0/"><x:item r:about="u"><x:title>T</x:title></x:item></r:RDF>',
    );
    expect(rdf.items[0]?.title).toBe('T');
    const old = parseFeed(
      '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><item><title>Old</title></item></channel></rss>',
    );
    expect(old.items[0]?.title).toBe('Old');
  });
});

describe('Atom', () => {
  const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:base="https://example.com/blog/">
  <title type="html">Feed &amp;amp; &lt;b&gt;Co&lt;/b&gt;</title>
  <link rel="alternate" href="./"/>
  <link rel="self" href="/atom.xml"/>
  <author><name>Feed Author</name></author>
  <entry xml:base="2024/">
    <id>tag:example.com,2024:1</id>
    <title>Plain &lt;b&gt; title</title>
    <link href="one.html"/>
    <link rel="enclosure" href="/a.mp3" type="audio/mpeg" length="42"/>
    <published>2024-01-01T10:00:00+01:00</published>
    <updated>2024-01-02T10:00:00Z</updated>
    <category term="news"/><category term="tech" label="Tech"/>
    <summary>Sum &amp; mary</summary>
    <content type="xhtml" xml:base="/c/"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <a href="x">there</a></p></div></content>
  </entry>
  <entry>
    <id>tag:example.com,2024:2</id>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X<b>HTML</b></div></title>
    <updated>2024-01-03T00:00:00Z</updated>
    <content type="text">a &lt; b

next</content>
    <media:group><media:thumbnail url="https://i.test/t.jpg"/></media:group>
  </entry>
</feed>`;

  it('maps the feed with xml:base applied to its links', () => {
    const feed = parseFeed(atom, { url: FEED_URL });
    expect(feed).toMatchObject({
      format: 'atom',
      title: 'Feed & Co',
      siteUrl: 'https://example.com/blog/',
      feedUrl: 'https://example.com/atom.xml',
    });
  });

  it('maps entries: links, enclosures, dates, content models, xml:base at every level', () => {
    const [a, b] = parseFeed(atom, { url: FEED_URL }).items;
    expect(a).toEqual({
      guid: 'tag:example.com,2024:1',
      url: 'https://example.com/blog/2024/one.html',
      title: 'Plain <b> title',
      author: 'Feed Author',
      publishedAt: new Date('2024-01-01T09:00:00Z'),
      updatedAt: new Date('2024-01-02T10:00:00Z'),
      contentHtml: '<p>Hi <a href="x">there</a></p>',
      summaryHtml: 'Sum &amp; mary',
      baseUrl: 'https://example.com/c/',
      attachments: [
        { url: 'https://example.com/a.mp3', type: 'audio/mpeg', length: 42, title: null },
      ],
      imageUrl: null,
      categories: ['news', 'tech'],
    });
    expect(b).toMatchObject({
      title: 'XHTML',
      publishedAt: new Date('2024-01-03T00:00:00Z'),
      contentHtml: '<p>a &lt; b</p><p>next</p>',
      summaryHtml: null,
      imageUrl: 'https://i.test/t.jpg',
      url: null,
    });
  });

  it('reads Atom 0.3: issued/modified, escaped and base64 modes', () => {
    const e = one(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry>
      <title mode="escaped" type="text/html">A &amp;amp; B</title>
      <issued>2003-12-31T10:14:55Z</issued><modified>2004-01-01T00:00:00Z</modified>
      <content mode="base64" type="text/html">${Buffer.from('<p>Sixty-four</p>').toString('base64')}</content>
      <summary mode="escaped" type="text/html">&lt;i&gt;s&lt;/i&gt;</summary>
    </entry></feed>`);
    expect(e).toMatchObject({
      title: 'A & B',
      publishedAt: new Date('2003-12-31T10:14:55Z'),
      updatedAt: new Date('2004-01-01T00:00:00Z'),
      contentHtml: '<p>Sixty-four</p>',
      summaryHtml: '<i>s</i>',
    });
  });

  it('takes authors from the entry, its source, or the feed; content src becomes an attachment', () => {
    const feed =
      parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><author><name>F</name></author>
      <entry><author><name>A</name></author><author><email>b@example.com</email></author></entry>
      <entry><source><author><name>S</name></author></source></entry>
      <entry><content src="https://example.com/movie.mp4" type="video/mp4"/></entry></feed>`);
    expect(feed.items.map((e) => e.author)).toEqual(['A, b@example.com', 'S', 'F']);
    expect(feed.items[2]?.attachments).toEqual([
      { url: 'https://example.com/movie.mp4', type: 'video/mp4', length: null },
    ]);
  });

  it('reads a standalone entry document and feeds without a namespace', () => {
    const entry = parseFeed(
      '<entry xmlns="http://www.w3.org/2005/Atom"><id>e</id><title>Solo</title></entry>',
    );
    expect(entry.items.map((e) => e.title)).toEqual(['Solo']);
    const bare = parseFeed('<feed><title>Bare</title><entry><title>One</title></entry></feed>');
    expect([bare.title, bare.items[0]?.title]).toEqual(['Bare', 'One']);
  });

  it('detects the format from the content, whatever it is called', () => {
    expect(parseFeed('\n\n  <feed xmlns="http://www.w3.org/2005/Atom"/>').format).toBe('atom');
    expect(parseFeed('\ufeff<rss><channel/></rss>').format).toBe('rss');
  });
});

describe('JSON Feed', () => {
  const v11 = {
    version: 'https://jsonfeed.org/version/1.1',
    title: 'J &amp; F',
    home_page_url: 'https://example.com/',
    feed_url: 'https://example.com/feed.json',
    authors: [{ name: 'Feed Author' }],
    _extension: { anything: true },
    items: [
      {
        id: 1,
        url: '/posts/1',
        title: 'One',
        content_html: '<p>Hi</p>',
        summary: 'S',
        date_published: '2024-01-01T00:00:00Z',
        date_modified: '2024-01-02T00:00:00Z',
        authors: [{ name: 'A' }, { name: 'B' }],
        tags: ['x', 'y'],
        image: 'https://i.test/1.jpg',
        attachments: [
          { url: '/a.mp3', mime_type: 'audio/mpeg', size_in_bytes: 9, duration_in_seconds: 61.5 },
        ],
        _ext: { ignored: true },
      },
      { id: '2', external_url: 'https://elsewhere.test/', content_text: 'a < b' },
    ],
  };

  it('maps 1.1 feeds: authors, content_html/content_text, attachments', () => {
    const feed = parseFeed(JSON.stringify(v11), { url: 'https://example.com/feed.json' });
    expect(feed).toMatchObject({
      format: 'json',
      title: 'J & F',
      siteUrl: 'https://example.com/',
      feedUrl: 'https://example.com/feed.json',
    });
    expect(feed.items[0]).toEqual({
      guid: '1',
      url: 'https://example.com/posts/1',
      title: 'One',
      author: 'A, B',
      publishedAt: new Date('2024-01-01T00:00:00Z'),
      updatedAt: new Date('2024-01-02T00:00:00Z'),
      contentHtml: '<p>Hi</p>',
      summaryHtml: 'S',
      baseUrl: 'https://example.com/feed.json',
      attachments: [
        { url: 'https://example.com/a.mp3', type: 'audio/mpeg', length: 9, title: null },
      ],
      imageUrl: 'https://i.test/1.jpg',
      categories: ['x', 'y'],
      durationSeconds: 61,
    });
    expect(feed.items[1]).toMatchObject({
      url: 'https://elsewhere.test/',
      contentHtml: 'a &lt; b',
      author: 'Feed Author',
    });
  });

  it('reads the 1.0 author object and an http:// version URL', () => {
    const feed = parseFeed(
      JSON.stringify({
        version: 'http://jsonfeed.org/version/1',
        title: 'T',
        author: { name: 'Old' },
        items: [{ id: 'a' }],
      }),
    );
    expect(feed.items[0]?.author).toBe('Old');
  });

  it('rejects JSON that is not a JSON Feed, and JSON that is not JSON', () => {
    expect(() => parseFeed('{"rss": {"channel": {}}}')).toThrow(
      new FeedParseError('feed: JSON document is not a JSON Feed'),
    );
    expect(() => parseFeed('[1, 2]')).toThrow(FeedParseError);
    expect(() => parseFeed('{"version": ')).toThrow(FeedParseError);
  });

  it('recovers the complete items of a truncated JSON Feed', () => {
    const text = JSON.stringify({
      title: 'T',
      items: [{ id: 'a' }, { id: 'b' }, { id: 'c', content_html: 'long' }],
    });
    const cut = text.slice(0, text.indexOf('long') + 2);
    expect(parseFeed(cut).items.map((e) => e.guid)).toEqual(['a', 'b']);
  });
});

describe('not a feed', () => {
  it.each([
    [
      '<!DOCTYPE html><html><head><title>Moved</title></head><body>x</body></html>',
      'feed: not a feed (found <html>)',
    ],
    ['<head><title>Document Moved</title></head><body>x</body>', 'feed: not a feed (found <head>)'],
    ['<?xml version="1.0"?><opml version="2.0"><body/></opml>', 'feed: not a feed (found <opml>)'],
    ['', 'feed: empty document'],
    ['  \n\t ', 'feed: empty document'],
    ['<!-- only a comment -->', 'feed: no root element (empty document)'],
    ['just text', 'feed: no root element (empty document)'],
  ])('rejects %j', (input, message) => {
    expect(() => parseFeed(input)).toThrow(new FeedParseError(message));
  });

  it('rejects bytes that are not a document', () => {
    expect(() => parseFeed(new Uint8Array([0, 1, 2, 255, 254, 3]))).toThrow(FeedParseError);
  });
});

describe('bytes in', () => {
  it('decodes UTF-8 text, attributes, CDATA and names read from bytes', () => {
    const xml =
      '\ufeff<rss><channel><título lang="é">x</título><item><title>Ünï &amp; “q” \u0092</title><description><![CDATA[<p>é</p>]]></description><link>https://example.com/ü?a=é</link></item></channel></rss>';
    const feed = parseFeed(new TextEncoder().encode(xml));
    expect(feed.items[0]).toMatchObject({
      title: 'Ünï & “q” ’',
      contentHtml: '<p>é</p>',
      url: 'https://example.com/%C3%BC?a=%C3%A9',
    });
    expect(() => parseFeed(new TextEncoder().encode('<документ>é</документ>'))).toThrow(
      new FeedParseError('feed: not a feed (found <документ>)'),
    );
  });

  it('reads a UTF-8 JSON Feed from bytes', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Ünï',
      items: [],
    });
    expect(parseFeed(new TextEncoder().encode(`\n ${json}`)).title).toBe('Ünï');
  });

  it('decodes with the Content-Type charset', () => {
    const bytes = iconv.encode(
      '<?xml version="1.0" encoding="utf-8"?><rss><channel><title>Привет</title></channel></rss>',
      'koi8-r',
    );
    expect(parseFeed(bytes, { contentType: 'application/rss+xml; charset=KOI8-R' }).title).toBe(
      'Привет',
    );
  });
});

describe('entryExternalId', () => {
  const base: ParsedEntry = one(
    '<rss><channel><item><title>T</title><description>D</description></item></channel></rss>',
    null,
  );

  it('prefers the guid, then the URL', () => {
    expect(entryExternalId({ ...base, guid: ' g-1 ', url: 'https://x.test/' })).toBe('g-1');
    expect(entryExternalId({ ...base, guid: null, url: 'https://x.test/' })).toBe(
      'https://x.test/',
    );
  });

  it('hashes title, date and content when there is neither, stably', () => {
    const id = entryExternalId(base);
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const again = one(
      '<rss><channel><item><title>T</title><description>D</description></item></channel></rss>',
      null,
    );
    expect(entryExternalId(again)).toBe(id);
    expect(entryExternalId({ ...base, contentHtml: 'other' })).not.toBe(id);
    expect(entryExternalId({ ...base, publishedAt: new Date(0) })).not.toBe(id);
  });
});
