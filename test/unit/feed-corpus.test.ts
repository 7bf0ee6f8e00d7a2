/**
 * Every feed of the corpus (test/fixtures/feeds, see its MANIFEST.tsv and SOURCES.md) through
 * `parseFeed`: item counts, the shape of what comes out, and the expectations the feedparser
 * test files carry in their comment headers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FeedParseError } from '../../src/domain/errors.ts';
import { parseFeed } from '../../src/sources/feed/parse.ts';
import type { ParsedEntry, ParsedFeed } from '../../src/sources/feed/types.ts';

const DIR = new URL('../fixtures/feeds/', import.meta.url);

interface Row {
  path: string;
  wellformed: boolean;
  expected: number | null;
  notAFeed: boolean;
  contentType: string | null;
}

function manifest(): Row[] {
  const lines = readFileSync(new URL('MANIFEST.tsv', DIR), 'utf8').split('\n').slice(1);
  return lines
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [path = '', , wellformed, expected = '', notes = ''] = line.split('\t');
      // feedparser serves some files with a Content-Type; the manifest quotes it.
      const header =
        /simulated HTTP header: Content-type: (.*?)(?:; feedparser expectation|$)/i.exec(notes);
      return {
        path,
        wellformed: wellformed === 'yes',
        expected: expected === '' ? null : Number(expected),
        notAFeed: notes.startsWith('NOT a'),
        contentType: header?.[1] ?? null,
      };
    });
}

function bytes(path: string): Uint8Array {
  return readFileSync(new URL(path, DIR));
}

function parse(row: Row): ParsedFeed {
  return parseFeed(bytes(row.path), {
    contentType: row.contentType,
    url: `https://corpus.test/${row.path}`,
  });
}

/** What went wrong with a row, or null when it behaved as the manifest says. */
function check(row: Row): string | null {
  let feed: ParsedFeed;
  try {
    feed = parse(row);
  } catch (error) {
    if (!(error instanceof FeedParseError)) return `${row.path}: threw ${String(error)}`;
    return row.expected === null ? null : `${row.path}: threw "${error.message}"`;
  }
  if (row.notAFeed) return `${row.path}: not a feed, but parsed (${feed.items.length} items)`;
  if (row.expected !== null && feed.items.length !== row.expected) {
    return `${row.path}: ${feed.items.length} items, expected ${row.expected}`;
  }
  return null;
}

const HTTP = /^https?:\/\/[^\s]+$/;

/** Shape problems of one entry: dates must be real, URLs absolute http(s). */
function shapeProblems(e: ParsedEntry): string[] {
  const out: string[] = [];
  for (const [name, d] of [
    ['publishedAt', e.publishedAt],
    ['updatedAt', e.updatedAt],
  ] as const) {
    if (
      d !== null &&
      (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1990 || d.getUTCFullYear() > 2030)
    ) {
      out.push(`${name} ${String(d)}`);
    }
  }
  for (const [name, u] of [
    ['url', e.url],
    ['imageUrl', e.imageUrl],
    ...e.attachments.map((a) => ['attachment', a.url] as const),
  ] as const) {
    if (u !== null && !HTTP.test(u)) out.push(`${name} ${u}`);
  }
  if (e.baseUrl !== null && !HTTP.test(e.baseUrl)) out.push(`baseUrl ${e.baseUrl}`);
  if (e.title !== null && (e.title !== e.title.trim() || e.title === ''))
    out.push(`title "${e.title}"`);
  return out;
}

describe('feed corpus (MANIFEST.tsv)', () => {
  const rows = manifest();

  it('holds every file of the fixture folder', () => {
    expect(rows.length).toBe(318);
    expect(rows.filter((r) => r.notAFeed).map((r) => r.path)).toEqual([
      'feedjira/DuplicateContentAtomFeed.xml',
      'feedparser/illformed/rss_empty_document.xml',
      'netnewswire/ScriptingNews.json',
      'rss-parser/unrecognized.rss',
    ]);
  });

  it('gives the expected item count for 100% of well-formed and ≥ 95% of ill-formed files', () => {
    const wellformed = rows.filter((r) => r.wellformed);
    const illformed = rows.filter((r) => !r.wellformed);
    const wellFailures = wellformed.map(check).filter((f) => f !== null);
    const illFailures = illformed.map(check).filter((f) => f !== null);
    const illRate = (illformed.length - illFailures.length) / illformed.length;
    expect(wellFailures, `well-formed failures:\n${wellFailures.join('\n')}`).toEqual([]);
    expect(illRate, `ill-formed failures:\n${illFailures.join('\n')}`).toBeGreaterThanOrEqual(0.95);
  });

  it('rejects documents that are not feeds with FeedParseError', () => {
    for (const row of rows.filter((r) => r.notAFeed)) {
      expect(() => parse(row), row.path).toThrow(FeedParseError);
    }
  });

  it('yields real dates, absolute http(s) URLs and trimmed titles in every entry', () => {
    const problems: string[] = [];
    let entries = 0;
    for (const row of rows.filter((r) => !r.notAFeed)) {
      let feed: ParsedFeed;
      try {
        feed = parse(row);
      } catch {
        continue;
      }
      for (const [i, e] of feed.items.entries()) {
        entries++;
        for (const p of shapeProblems(e)) problems.push(`${row.path} #${i}: ${p}`);
      }
      if (feed.siteUrl !== null && !HTTP.test(feed.siteUrl))
        problems.push(`${row.path}: siteUrl ${feed.siteUrl}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
    expect(entries).toBeGreaterThan(3000);
  });

  it('gives titles and dates to every item of real-world feeds that carry them', () => {
    const complete = [
      'netnewswire/atp.rss',
      'netnewswire/DaringFireball.atom',
      'netnewswire/DaringFireball.json',
      'netnewswire/DaringFireball.rss',
      'netnewswire/bio.rdf',
      'netnewswire/kc0011.rss',
      'rss-parser/giantbomb-podcast.rss',
      'rss-parser/guardian.rss',
      'rss-parser/craigslist.rss',
      'rss-parser/rss-1.rss',
      'feedjira/CRE.xml',
      'feedjira/TechCrunch.xml',
      'feedjira/youtube_atom.xml',
      'miniflux/encoding_WINDOWS-1251.xml',
      'miniflux/urdu_UTF8.xml',
      'simplepie/feed_rss-2.0_for_file_mock.xml',
    ];
    for (const path of complete) {
      const feed = parseFeed(bytes(path), { url: `https://corpus.test/${path}` });
      const missing = feed.items.filter(
        (e) => e.title === null || e.publishedAt === null || e.url === null,
      );
      expect(missing.length, path).toBe(0);
      expect(feed.items.length, path).toBeGreaterThan(0);
    }
    const scripting = parseFeed(bytes('netnewswire/scriptingNews.rss'));
    expect(scripting.items.filter((e) => e.title !== null)).toHaveLength(11); // 39 of 50 have none
  });

  it('resolves relative links against the feed URL, or the URL the feed declares for itself', () => {
    const atom = parseFeed(bytes('feed-rs/atom_relative.xml'), {
      url: 'https://example.org/feed.xml',
    });
    expect(atom.items[0]?.url).toMatch(/^https:\/\/example\.(org|com)\//);
    const noUrl = parseFeed(bytes('netnewswire/yakubin.atom'));
    expect(noUrl.items.every((e) => e.url?.startsWith('https://yakubin.com/notes/'))).toBe(true);
  });
});

/** One expectation from a feedparser test file's `Expect:` header, in our terms. */
interface Expectation {
  path: string;
  get: (f: ParsedFeed) => unknown;
  want: unknown;
  contentType?: string;
  url?: string;
}

const first = (f: ParsedFeed) => f.items[0];
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
const EXAMPLE_ATOM = 'Example <b>Atom</b>';

const dates: Expectation[] = [
  {
    path: 'wellformed/atom/entry_issued_parsed.xml',
    get: (f) => iso(first(f)?.publishedAt),
    want: '2003-12-31T10:14:55.000Z',
  },
  {
    path: 'wellformed/atom/entry_modified_map_updated_parsed.xml',
    get: (f) => iso(first(f)?.updatedAt),
    want: '2004-01-01T19:48:21.000Z',
  },
  {
    path: 'wellformed/rss/item_pubDate_map_updated_parsed.xml',
    get: (f) => iso(first(f)?.publishedAt),
    want: '2004-01-01T19:48:21.000Z',
  },
  {
    path: 'wellformed/rss/item_dc_date_parsed.xml',
    get: (f) => iso(first(f)?.publishedAt),
    want: '2003-12-31T10:14:55.000Z',
  },
  {
    path: 'illformed/http_high_bit_date.xml',
    contentType: 'text/xml',
    get: (f) => f.items.length,
    want: 0,
  },
];

const encodings: Expectation[] = [
  { path: 'encoding/demoronize-1.xml', get: (f) => first(f)?.contentHtml, want: 'don\u2019t' },
  { path: 'encoding/euc-kr.xml', get: (f) => f.title, want: '\ub144' },
  {
    path: 'encoding/euc-kr-attribute.xml',
    get: (f) => first(f)?.contentHtml,
    want: '<img alt="\ub144" />',
  },
  {
    path: 'encoding/http_text_xml_charset_2.xml',
    contentType: 'text/xml; charset=windows-1252',
    get: (f) => first(f)?.contentHtml,
    want: 'This is a \xa3\u201ctest.\u201d',
  },
  {
    path: 'encoding/http_text_xml_charset_overrides_encoding_2.xml',
    contentType: 'text/xml; charset=windows-1252',
    get: (f) => first(f)?.contentHtml,
    want: 'This is a \xa3\u201ctest.\u201d',
  },
  {
    path: 'encoding/http_i18n.xml',
    contentType: 'application/xml',
    get: (f) => f.title,
    want: 'Iñtërnâtiônàlizætiøn',
  },
  { path: 'illformed/chardet/eucjp.xml', get: (f) => first(f)?.title, want: 'ゲーム三昧な正月' },
  {
    path: 'illformed/chardet/euckr.xml',
    get: (f) => first(f)?.title,
    want: 'EUC-KR 에서 TypeKey 한글닉네임 표시하기',
  },
  {
    path: 'illformed/chardet/gb2312.xml',
    get: (f) => first(f)?.title,
    want: '不归移民漫画系列：专业工作',
  },
  {
    path: 'illformed/chardet/koi8r.xml',
    get: (f) => first(f)?.title,
    want: 'Как пережить новогоднюю ночь',
  },
  {
    path: 'illformed/chardet/shiftjis.xml',
    get: (f) => first(f)?.title,
    want: 'DrecomRSSに記事投稿が反映されない…',
  },
  {
    path: 'illformed/chardet/windows1255.xml',
    get: (f) => first(f)?.contentHtml?.slice(0, 3),
    want: 'האם',
  },
  // Deliberate: no repair of double-encoded UTF-8 (see SOURCES.md#fixes); a stray byte is U+FFFD.
  { path: 'encoding/double-encoded-html.xml', get: (f) => first(f)?.contentHtml, want: 'â€¦' },
  {
    path: 'encoding/bozo_linenoise.xml',
    get: (f) => first(f)?.contentHtml,
    want: '\u2019<>\u201d\ufffd',
  },
];

const bases: Expectation[] = [
  {
    path: 'wellformed/base/entry_content_xml_base.xml',
    get: (f) => first(f)?.baseUrl,
    want: 'http://example.com/test/',
  },
  {
    path: 'wellformed/base/entry_content_xml_base_inherit_4.xml',
    get: (f) => first(f)?.baseUrl,
    want: 'http://example.com/parent/',
  },
  {
    path: 'wellformed/base/feed_link_xml_base_iri.xml',
    get: (f) => f.feedUrl,
    want: 'http://www.xn--8ws00zhy3a.com/feed',
  },
  {
    path: 'wellformed/base/http_entry_link_base_content_location.xml',
    url: 'http://example.com/',
    get: (f) => first(f)?.url,
    want: 'http://example.com/relative/link',
  },
  {
    path: 'wellformed/base/http_item_description_base_docuri.xml',
    url: 'http://127.0.0.1:8097/feed.xml',
    get: (f) => first(f)?.baseUrl,
    want: 'http://127.0.0.1:8097/feed.xml',
  },
  {
    path: 'wellformed/base/unsafe_base.xml',
    get: (f) => first(f)?.baseUrl,
    want: 'http://example.com/',
  },
  { path: 'wellformed/base/malformed_base.xml', get: (f) => first(f)?.title, want: 'Example test' },
  {
    path: 'wellformed/base/rel_uri_with_unicode_character.xml',
    get: (f) => first(f)?.baseUrl,
    want: 'http://any.test/',
  },
  { path: 'wellformed/atom10/relative_uri.xml', get: (f) => f.title, want: 'Example test' },
];

const entities: Expectation[] = [
  { path: 'entities/eacute.xml', get: (f) => f.title, want: 'testing \xe9 entity' },
  { path: 'entities/euro.xml', get: (f) => f.title, want: 'testing \u20ac entity' },
  { path: 'entities/hellip.xml', get: (f) => f.title, want: 'testing \u2026 entity' },
  { path: 'entities/8217.xml', get: (f) => f.title, want: 'testing \u2019 entity' },
  // Titles collapse all whitespace, no-break spaces included.
  { path: 'entities/nbsp.xml', get: (f) => f.title, want: 'testing entity' },
  { path: 'wellformed/amp/amp01.xml', get: (f) => first(f)?.title, want: '&' },
  { path: 'wellformed/amp/amp33.xml', get: (f) => first(f)?.title, want: '&' },
  { path: 'wellformed/amp/amp64.xml', get: (f) => first(f)?.title, want: '&' },
  { path: 'wellformed/amp/attr06.xml', get: (f) => first(f)?.title, want: '&' },
  { path: 'wellformed/atom10/qna.xml', get: (f) => first(f)?.title, want: 'Q&A session' },
  { path: 'wellformed/xml/escaped_apos.xml', get: (f) => f.title, want: "it's correct" },
  {
    path: 'wellformed/sgml/charref_uppercase_x.xml',
    get: (f) => first(f)?.contentHtml,
    want: '&#X61;',
  },
  {
    path: 'illformed/rss_item_link_corrupted_ampersands.xml',
    get: (f) => first(f)?.url,
    want: 'http://link/get?a=1&b=2',
  },
  // Deliberate: entities declared in the DTD are never expanded (see SOURCES.md#fixes).
  {
    path: 'wellformed/rss/entity_in_doctype.xml',
    get: (f) => first(f)?.guid,
    want: '&id;2006-05-04:/blog/',
  },
];

const content: Expectation[] = [
  ...[
    'entry_content_base64',
    'entry_content_escaped_markup',
    'entry_content_inline_markup',
    'entry_content_application_xml',
    'entry_summary_base64',
  ].map(
    (name): Expectation => ({
      path: `wellformed/atom10/${name}.xml`,
      get: (f) => first(f)?.contentHtml,
      want: EXAMPLE_ATOM,
    }),
  ),
  ...['entry_content_mode_base64', 'entry_content_mode_escaped', 'entry_summary_naked_markup'].map(
    (name): Expectation => ({
      path: `wellformed/atom/${name}.xml`,
      get: (f) => first(f)?.contentHtml,
      want: EXAMPLE_ATOM,
    }),
  ),
  {
    path: 'wellformed/atom10/entry_content_src.xml',
    get: (f) => first(f)?.attachments[0]?.url,
    want: 'http://example.com/movie.mp4',
  },
  ...['item_content_encoded', 'item_xhtml_body', 'item_fullitem'].map(
    (name): Expectation => ({
      path: `wellformed/rss/${name}.xml`,
      get: (f) => first(f)?.contentHtml,
      want: '<p>Example content</p>',
    }),
  ),
  ...['item_description_escaped_markup', 'item_description_naked_markup'].map(
    (name): Expectation => ({
      path: `wellformed/rss/${name}.xml`,
      get: (f) => first(f)?.contentHtml,
      want: '<p>Example description</p>',
    }),
  ),
  {
    path: 'wellformed/namespace/rss2.0NSwithModulesNoDefNSLocalNameClash.xml',
    get: (f) => first(f)?.contentHtml,
    want: 'correct description',
  },
  {
    path: 'wellformed/media-rss/media_group.xml',
    get: (f) => first(f)?.contentHtml,
    want: 'Test Description',
  },
];

const fields: Expectation[] = [
  {
    path: 'wellformed/rss/item_guid_not_permalink.xml',
    get: (f) => [first(f)?.guid, first(f)?.url],
    want: ['http://guid.example.com/', null],
  },
  {
    path: 'wellformed/rss/item_multiple_dc_creator.xml',
    get: (f) => first(f)?.author,
    want: 'First Author, Second Author',
  },
  {
    path: 'wellformed/rss/item_enclosure_multiple.xml',
    get: (f) => first(f)?.attachments[1],
    want: { url: 'http://example.com/2', type: 'image/gif', length: 200000 },
  },
  {
    path: 'wellformed/rss/item_category_multiple.xml',
    get: (f) => first(f)?.categories,
    want: ['Example category 1', 'Example category 2'],
  },
  {
    path: 'wellformed/atom10/entry_category_term_non_ascii.xml',
    get: (f) => first(f)?.categories,
    want: ['Freir\xe4ume'],
  },
  {
    path: 'wellformed/media-rss/item_media_category_multiple.xml',
    get: (f) => first(f)?.categories,
    want: ['cat1', 'cat2'],
  },
  {
    path: 'wellformed/node_precedence/atom10_id.xml',
    get: (f) => f.items.map((e) => e.guid),
    want: ['Correct Value', 'Correct Value'],
  },
  {
    path: 'wellformed/rdf/rdf_item_rdf_about.xml',
    get: (f) => first(f)?.guid,
    want: 'http://example.org/1',
  },
  { path: 'wellformed/rdf/rdf_item_title.xml', get: (f) => first(f)?.title, want: 'Example title' },
  { path: 'wellformed/rdf/rss090_item_title.xml', get: (f) => first(f)?.title, want: 'Item title' },
  { path: 'wellformed/rdf/rss090_channel_title.xml', get: (f) => f.title, want: 'Example title' },
  { path: 'wellformed/rdf/rdf_channel_title.xml', get: (f) => f.title, want: 'Example feed' },
  {
    path: 'wellformed/namespace/rss1.0withModules.xml',
    get: (f) => first(f)?.title,
    want: 'Test Item - RSS 1.0',
  },
  {
    path: 'wellformed/atom10/feed_link_rel_self.xml',
    get: (f) => f.feedUrl,
    want: 'http://www.example.com/',
  },
  { path: 'wellformed/atom/atom_namespace_1.xml', get: (f) => f.title, want: 'Example Atom' },
  { path: 'wellformed/atom10/atom10_namespace.xml', get: (f) => f.title, want: 'Example Atom' },
  {
    path: 'wellformed/atom10/entry_title_type_empty-no-crash.xml',
    get: (f) => first(f)?.title,
    want: 'evil',
  },
  {
    path: 'wellformed/media-rss/media_thumbnail.xml',
    get: (f) => first(f)?.imageUrl,
    want: 'http://example.com/thumbnail.jpg',
  },
  {
    path: 'wellformed/itunes/itunes_item_duration.xml',
    get: (f) => first(f)?.durationSeconds,
    want: 180,
  },
  { path: 'illformed/always_strip_doctype.xml', get: (f) => f.title, want: 'found' },
  { path: 'wellformed/sanitize/xml_unclosed_comment.xml', get: (f) => f.title, want: 'safe' },
  { path: 'wellformed/xml/empty_xmlns_uri.xml', get: (f) => f.title, want: 'empty' },
  { path: 'wellformed/xml/xlink_ns_no_prefix.xml', get: (f) => f.title, want: 'xlink' },
  {
    path: 'json/example.json',
    get: (f) => [f.title, f.items.length],
    want: ['My Example Feed', 2],
  },
];

describe('feedparser expectations (Expect: headers of feeds/feedparser)', () => {
  for (const [group, table] of Object.entries({
    dates,
    encodings,
    bases,
    entities,
    content,
    fields,
  })) {
    it(`holds for ${group}`, () => {
      for (const c of table) {
        const feed = parseFeed(bytes(`feedparser/${c.path}`), {
          contentType: c.contentType ?? null,
          url: c.url ?? null,
        });
        expect(c.get(feed), c.path).toEqual(c.want);
      }
    });
  }
});

describe('miniflux encoding fixtures', () => {
  it('decodes declared, mislabelled and undeclared legacy encodings', () => {
    const titles: [string, string][] = [
      ['miniflux/utf8-incorrect-prolog.xml', '테스트 피드'],
      ['miniflux/invalid-prolog.xml', '테스트 피드'],
      ['miniflux/windows-1252-incorrect-prolog.xml', 'Euro €'],
      ['miniflux/windows-1252.xml', 'Euro €'],
      ['miniflux/iso-8859-1.xml', 'Café'],
      ['miniflux/koi8r.xml', 'Пример RSS ленты'],
      ['rss-parser/encoding.rss', 'Jornal de Notícias - Últimas Notícias'],
    ];
    for (const [path, title] of titles) expect(parseFeed(bytes(path)).title, path).toBe(title);
    expect(parseFeed(bytes('miniflux/utf8-incorrect-prolog.xml')).items[0]?.title).toBe('Café');
    const latin1 = parseFeed(bytes('miniflux/no_encoding_ISO-8859-1.xml'));
    expect(latin1.items.some((e) => e.contentHtml?.includes('é'))).toBe(true);
  });
});
