import { describe, expect, it } from 'vitest';
import { FeedParseError } from '../../src/domain/errors.ts';
import { MAX_HTML_DEPTH, sanitizeWithText } from '../../src/lib/html/sanitize.ts';
import { MAX_DEPTH, MAX_ELEMENTS, parseXml } from '../../src/lib/xml/parse-xml.ts';
import { elements, textOf } from '../../src/lib/xml/tree.ts';
import type { XmlElement } from '../../src/lib/xml/types.ts';
import { parseFeed } from '../../src/sources/feed/parse.ts';

const MILLION = 1_000_000;
const nested = (tag: string, inner: string, depth = MILLION) =>
  `${`<${tag}>`.repeat(depth)}${inner}${`</${tag}>`.repeat(depth)}`;
const rss = (inside: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title>${inside}</channel></rss>`;
const item = (description: string) =>
  `<item><title>Deep</title><guid>deep</guid><link>https://example.com/deep</link><description>${description}</description></item>`;

/** Elements in the subtree of `el` (itself included), and the depth of its deepest one. */
function measure(el: XmlElement): { count: number; depth: number } {
  let count = 0;
  let depth = 0;
  const walk: [XmlElement, number][] = [[el, 1]];
  for (let next = walk.pop(); next !== undefined; next = walk.pop()) {
    const [node, d] = next;
    count++;
    depth = Math.max(depth, d);
    for (const c of elements(node)) walk.push([c, d + 1]);
  }
  return { count, depth };
}

describe('10^6 nested elements', () => {
  it('builds a tree of at most MAX_DEPTH elements that keeps the innermost text', () => {
    const doc = parseXml(nested('a', 'deep'));
    expect(measure(doc.root!)).toEqual({ count: MAX_DEPTH, depth: MAX_DEPTH });
    expect(textOf(doc.root!)).toBe('deep');
    expect(doc.truncated).toBe(false);
  });

  it('pairs the end tags of dropped elements, so that what follows is where it belongs', () => {
    const doc = parseXml(`<r>${nested('a', 'x', 1000)}<after>y</after></r>`);
    expect(elements(doc.root!).map((e) => e.local)).toEqual(['a', 'after']);
    expect(textOf(doc.root!)).toBe('xy');
  });

  it('reads a feed whose item description holds them into one item of bounded content', () => {
    const feed = parseFeed(new TextEncoder().encode(rss(item(nested('a', 'deep')))), {
      url: 'https://example.com/feed.xml',
    });
    expect(feed.items).toHaveLength(1);
    const html = feed.items[0]!.contentHtml!;
    expect(html.length).toBeLessThan(10 * MAX_DEPTH);
    expect(html).toContain('deep');
  });

  it('reads a feed whose channel holds them and keeps its items', () => {
    const feed = parseFeed(rss(`${item('shallow')}${nested('a', 'deep')}`));
    expect(feed.title).toBe('Deep');
    expect(feed.items.map((i) => i.contentHtml)).toEqual(['shallow']);
  });

  it('rejects a feed buried under them as not a feed (FeedParseError)', () => {
    const text = nested('x', rss(item('inside')));
    expect(() => parseFeed(text)).toThrow(FeedParseError);
    expect(() => parseFeed(text)).toThrow('feed: not a feed (found <x>)');
  });

  it('sanitises nested HTML to at most MAX_HTML_DEPTH open elements, text kept', () => {
    const { html, text } = sanitizeWithText(nested('b', 'deep'), null);
    expect(html.split('<b>').length - 1).toBe(MAX_HTML_DEPTH);
    expect(html.split('</b>').length - 1).toBe(MAX_HTML_DEPTH);
    expect(text).toBe('deep');
  });

  it('keeps void elements and text past the bound, and everything after it', () => {
    const deep = `${'<div>'.repeat(300)}<p>a<br>b<img src="https://example.com/i.png" alt="i">${'</div>'.repeat(300)}<em>after</em>`;
    const { html, text } = sanitizeWithText(deep, null);
    expect(html).toContain('a<br />b<img src="https://example.com/i.png" alt="i" />');
    expect(html.endsWith('</div><em>after</em>')).toBe(true);
    expect(text).toBe('a\nb\nafter');
  });

  it('sanitises escaped nested HTML of a feed description to bounded content', () => {
    const escaped = nested('b', 'deep', MILLION / 2)
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;');
    const feed = parseFeed(rss(item(escaped)));
    const { html } = sanitizeWithText(feed.items[0]!.contentHtml!, null);
    expect(html.length).toBeLessThan(10 * MAX_HTML_DEPTH);
    expect(html).toContain('deep');
  });
});

describe('10^6 elements side by side', () => {
  it('holds at most MAX_ELEMENTS of them, text kept', () => {
    const doc = parseXml(`<d>${'<a/>'.repeat(MILLION)}end</d>`);
    expect(measure(doc.root!).count).toBe(MAX_ELEMENTS);
    expect(textOf(doc.root!)).toBe('end');
  });

  it('bounds one item of them and still reads the items after it', () => {
    const feed = parseFeed(
      rss(`${item(`${'<a/>'.repeat(MILLION)}end`)}${item('next').replace('deep', 'next')}`),
    );
    expect(feed.items.map((i) => i.guid)).toEqual(['deep', 'next']);
    const html = feed.items[0]!.contentHtml!;
    expect(html.split('<a>').length - 1).toBeLessThan(MAX_ELEMENTS);
    expect(html.endsWith('end')).toBe(true);
    expect(feed.items[1]!.contentHtml).toBe('next');
  });

  it('counts only what the tree holds: items read as they close give their elements back', () => {
    const count = 40_000; // × 8 elements each: more than MAX_ELEMENTS in the whole document
    const items = Array.from(
      { length: count },
      (_, i) =>
        `<item><title>T${i}</title><guid>g${i}</guid><description><b>b</b><i>${i}</i></description></item>`,
    );
    const feed = parseFeed(rss(items.join('')));
    expect(feed.items).toHaveLength(count);
    expect(feed.items.at(-1)!.contentHtml).toBe(`<b>b</b><i>${count - 1}</i>`);
  });
});
