import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sanitizeHtml, sanitizeWithText } from '../../src/lib/html/sanitize.ts';
import { htmlToText } from '../../src/lib/html/text.ts';
import { parseFeed } from '../../src/sources/feed/parse.ts';

const BASE = 'https://example.com/blog/post.html';
const clean = (html: string, base: string | null = BASE) => sanitizeHtml(html, base);

describe('sanitizeHtml: what must go', () => {
  it('removes scripts, styles, frames, plugins and forms with their content', () => {
    const out = clean(
      'a<script>alert(1)</script><style>p{}</style><iframe src="https://e.test/">x</iframe><object data="x">o</object><embed src="x.swf"><form action="/x"><input name="q"><textarea>t</textarea><select><option>o</option></select><button>b</button></form>z',
    );
    expect(out).toBe('abz');
  });

  it('removes event handlers and style attributes', () => {
    expect(clean('<p onclick="x()" style="color:red" class="c" id="i">t</p>')).toBe('<p>t</p>');
    expect(clean('<img src="/a.png" onerror="alert(1)">')).toBe(
      '<img src="https://example.com/a.png" />',
    );
  });

  it('drops javascript:, vbscript: and data: links', () => {
    const out = clean(
      '<a href="javascript:alert(1)">j</a><a href=" JaVaScRiPt:alert(1)">J</a><a href="vbscript:x">v</a><a href="data:text/html,x">d</a>',
    );
    expect(out).toBe('<a>j</a><a>J</a><a>v</a><a>d</a>');
  });

  it('keeps only raster data: images', () => {
    expect(clean('<img src="data:image/png;base64,iVBORw0=">')).toBe(
      '<img src="data:image/png;base64,iVBORw0=" />',
    );
    expect(clean('<img src="data:image/svg+xml;base64,PHN2Zz4=">')).toBe('');
    expect(clean('<img src="data:text/html,<script>">')).toBe('');
  });

  it('removes 1×1 tracking pixels', () => {
    expect(clean('<p>t<img src="https://t.test/p.gif" width="1" height="1"></p>')).toBe('<p>t</p>');
    expect(clean('<img src="https://t.test/p.gif" width="0" height="0">')).toBe('');
    expect(clean('<img src="https://t.test/big.gif" width="1" height="300">')).toContain('big.gif');
  });

  it('keeps video and audio without autoplay, with controls', () => {
    expect(clean('<video src="v.mp4" autoplay poster="p.jpg"></video>')).toBe(
      '<video src="https://example.com/blog/v.mp4" poster="https://example.com/blog/p.jpg" controls></video>',
    );
    expect(clean('<audio src="a.mp3" autoplay></audio>')).toBe(
      '<audio src="https://example.com/blog/a.mp3" controls></audio>',
    );
  });
});

describe('sanitizeHtml: what must stay, made absolute', () => {
  it('resolves relative href, src, srcset and poster against the base', () => {
    expect(clean('<a href="../x?a=1&amp;b=2#f">x</a>')).toBe(
      '<a href="https://example.com/x?a=1&amp;b=2#f" rel="noopener noreferrer nofollow">x</a>',
    );
    expect(clean('<img src="i.png" srcset="i.png 1x, /i@2x.png 2x" alt="A">')).toBe(
      '<img src="https://example.com/blog/i.png" srcset="https://example.com/blog/i.png 1x, https://example.com/i@2x.png 2x" alt="A" />',
    );
    expect(
      clean(
        '<picture><source srcset="//cdn.test/a.webp" type="image/webp"><img src="a.jpg"></picture>',
      ),
    ).toBe(
      '<picture><source srcset="https://cdn.test/a.webp" type="image/webp" /><img src="https://example.com/blog/a.jpg" /></picture>',
    );
  });

  it('drops relative URLs it cannot resolve, keeps absolute ones and mailto:', () => {
    expect(clean('<a href="/x">x</a><a href="mailto:a@b.test">m</a>', null)).toBe(
      '<a>x</a><a href="mailto:a@b.test" rel="noopener noreferrer nofollow">m</a>',
    );
    expect(clean('<img src="rel.png">', null)).toBe('');
  });

  it('keeps semantic markup', () => {
    const html =
      '<h2>T</h2><p><em>e</em> <strong>s</strong> <code>c</code></p><ul><li>1</li></ul><ol start="3"><li>2</li></ol><blockquote cite="https://q.test/">q</blockquote><pre><code>x</code></pre><figure><img src="https://i.test/a.png" alt=""><figcaption>c</figcaption></figure><table><tr><th scope="col">h</th><td colspan="2">d</td></tr></table>';
    expect(clean(html)).toBe(
      '<h2>T</h2><p><em>e</em> <strong>s</strong> <code>c</code></p><ul><li>1</li></ul><ol start="3"><li>2</li></ol><blockquote cite="https://q.test/">q</blockquote><pre><code>x</code></pre><figure><img src="https://i.test/a.png" alt="" /><figcaption>c</figcaption></figure><table><tr><th scope="col">h</th><td colspan="2">d</td></tr></table>',
    );
  });
});

describe('sanitizeHtml on corpus content', () => {
  const fixture = (path: string) =>
    readFileSync(new URL(`../fixtures/feeds/${path}`, import.meta.url));

  it('cleans the feedparser sanitize cases', () => {
    for (const name of [
      'entry_content_script',
      'entry_content_script_cdata',
      'entry_content_iframe',
    ]) {
      const e = parseFeed(fixture(`feedparser/wellformed/sanitize/${name}.xml`)).items[0]!;
      const out = clean(e.contentHtml!);
      expect(out, name).not.toMatch(/<script|<iframe|location\.href/i);
      expect(out, name).toMatch(/^safe/);
    }
    const crazy = parseFeed(fixture('feedparser/wellformed/sanitize/entry_content_crazy.xml'))
      .items[0]!;
    expect(clean(crazy.contentHtml!)).not.toMatch(/<script|executeMe\(\)\s*\{|alert/);
  });

  it('finishes the pathological CSS feed (no regex backtracking on style attributes)', () => {
    const feed = parseFeed(
      fixture('feedparser/wellformed/sanitize/large_atom_feed_that_needs_css_sanitisation.xml'),
    );
    expect(feed.items).toHaveLength(15);
    const out = feed.items.map((e) => clean(e.contentHtml ?? '', e.baseUrl));
    expect(out.join('')).not.toContain('style=');
    expect(out.every((html) => html.length > 0)).toBe(true);
  });

  it('resolves content URLs against the entry base (xml:base, document URL)', () => {
    const docuri = parseFeed(
      fixture('feedparser/wellformed/base/http_item_description_base_docuri.xml'),
      {
        url: 'http://127.0.0.1:8097/feed.xml',
      },
    ).items[0]!;
    expect(clean(docuri.contentHtml!, docuri.baseUrl)).toBe(
      '<a href="http://127.0.0.1:8097/relative/uri" rel="noopener noreferrer nofollow">click here</a>',
    );
    const unicode = parseFeed(
      fixture('feedparser/wellformed/base/rel_uri_with_unicode_character.xml'),
    ).items[0]!;
    expect(clean(unicode.contentHtml!, unicode.baseUrl)).toContain('href="http://any.test/%C3%80"');
  });
});

describe('sanitizeWithText', () => {
  it('returns the plain text and image count of the sanitised HTML in the same pass', () => {
    const result = sanitizeWithText(
      '<p>Hello&nbsp;<b>world</b></p><script>alert(1)</script><p>Bye <img src="/a.png"> <img src="/p.gif" width="1" height="1"></p>',
      'https://example.com/',
    );
    expect(result.text).toBe('Hello world\nBye');
    expect(result.images).toBe(1);
    expect(result.text).toBe(htmlToText(result.html));
  });
});
