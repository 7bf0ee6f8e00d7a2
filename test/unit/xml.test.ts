import { describe, expect, it } from 'vitest';
import { decodeEntities } from '../../src/lib/xml/entities.ts';
import { parseXml } from '../../src/lib/xml/parse-xml.ts';
import { attr, child, elements, innerXml, textOf } from '../../src/lib/xml/tree.ts';
import type { XmlElement } from '../../src/lib/xml/types.ts';

function root(xml: string): XmlElement {
  const doc = parseXml(xml);
  if (doc.root === null) throw new Error('no root');
  return doc.root;
}

function find(el: XmlElement, local: string): XmlElement {
  for (const c of elements(el)) {
    if (c.local === local) return c;
    try {
      return find(c, local);
    } catch {}
  }
  throw new Error(`no <${local}>`);
}

describe('parseXml: entities and DTDs', () => {
  it('never expands a billion-laughs DTD', () => {
    const lol = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
    ).join('\n');
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n${lol}\n]>\n<lolz>&lol9;</lolz>`;
    const doc = parseXml(xml);
    expect(doc.root?.local).toBe('lolz');
    expect(textOf(doc.root!)).toBe('&lol9;');
    expect(doc.truncated).toBe(false);
  });

  it('never resolves external entities (XXE)', () => {
    const xml =
      '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % p SYSTEM "http://evil.test/x.dtd"> %p;]><r>&xxe;</r>';
    const r = root(xml);
    expect(textOf(r)).toBe('&xxe;');
    expect(textOf(r)).not.toContain('root:');
  });

  it('skips DOCTYPEs with quotes, comments and brackets in their subset', () => {
    const r = root('<!DOCTYPE r PUBLIC "-//x>y//" "a]b" [<!-- ] > --><!ENTITY a "]>">]><r>ok</r>');
    expect(textOf(r)).toBe('ok');
  });

  it('keeps a bare & and unknown names literal, decodes XML, HTML and numeric references', () => {
    expect(textOf(root('<t>a=1&b=2 AT&T &foo; & ;</t>'))).toBe('a=1&b=2 AT&T &foo; & ;');
    expect(textOf(root('<t>&amp;&lt;&gt;&quot;&apos;</t>'))).toBe('&<>"\'');
    expect(textOf(root('<t>&nbsp;&eacute;&hellip;&rsquo;&Eacute;</t>'))).toBe('\u00a0é…’É');
    expect(textOf(root('<t>&#8217;&#x2019;&#X61;&#97</t>'))).toBe('’’aa');
    expect(decodeEntities('&#150;&#x92;')).toBe('–’'); // windows-1252 meanings, as browsers
    expect(decodeEntities('&#0;&#xD800;&#x110000;')).toBe('\ufffd\ufffd\ufffd');
    expect(decodeEntities('a&#1;b')).toBe('ab');
    expect(attr(root('<a href="?a=1&amp;b=2&c=3"/>'), 'href')).toBe('?a=1&b=2&c=3');
  });

  it('decodes long and short strings alike', () => {
    const tokens = [
      '&amp;',
      '&lt;',
      '&gt;',
      '&quot;',
      'x',
      ' ',
      'é',
      '&#8217;',
      '&#x1F600;',
      '&nbsp;',
    ];
    tokens.push('&bogus;', '& ', '&#150;', '&#0;', 'a=1&b=2', '&NotEqualTilde;', '\ud83d\ude00');
    let seed = 3;
    for (let i = 0; i < 200; i++) {
      const parts: string[] = [];
      const n = (i % 2 === 0 ? 5 : 400) + (i % 7);
      for (let k = 0; k < n; k++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        parts.push(tokens[seed % tokens.length]!);
      }
      expect(decodeEntities(parts.join(''))).toBe(parts.map(decodeEntities).join(''));
    }
  });

  it('removes NUL and other control characters, and reads C1 controls as windows-1252', () => {
    const r = root('<t\u0000>a\u0000b\u0001c\u0092d</t>');
    expect(r.name).toBe('t');
    expect(textOf(r)).toBe('abc’d');
  });
});

describe('parseXml: CDATA, comments, prologs', () => {
  it('keeps CDATA verbatim', () => {
    expect(textOf(root('<t><![CDATA[<b>&amp;</b>]]> &amp;</t>'))).toBe('<b>&amp;</b> &');
  });

  it('reads a CDATA section that never ends to the end of the document', () => {
    const doc = parseXml('<rss><item><description><![CDATA[<p>cut off');
    expect(doc.truncated).toBe(true);
    expect(textOf(find(doc.root!, 'description'))).toBe('<p>cut off');
    expect(find(doc.root!, 'item').closed).toBe(false);
  });

  it('tolerates a BOM, whitespace and comments before the declaration', () => {
    const r = root('\ufeff\n\n  <!-- hi --><?xml version="1.0"?>\n<rss><x>1</x></rss>');
    expect(r.local).toBe('rss');
    expect(textOf(child(r, 'x', [''])!)).toBe('1');
  });

  it('drops comments and processing instructions, and ends at an unclosed comment', () => {
    expect(textOf(root('<t>a<!-- b -->c<?pi x?>d</t>'))).toBe('acd');
    const doc = parseXml('<t>a<!-- never closed <b>x</b></t>');
    expect(textOf(doc.root!)).toBe('a');
    expect(doc.truncated).toBe(true);
  });

  it('reads a < that starts no markup as text', () => {
    expect(textOf(root('<t>1 < 2 and 3 <= 4 <3</t>'))).toBe('1 < 2 and 3 <= 4 <3');
  });
});

describe('parseXml: namespaces', () => {
  const xml = `<rss xmlns:c="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:r="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <c:encoded>one</c:encoded><content:encoded>two</content:encoded><dc:creator>me</dc:creator>
    <itunes:author>undeclared</itunes:author><made:up>x</made:up>
    <item r:about="http://example.org/1"><media:thumbnail url="t.jpg"/></item>
    <a xmlns="http://www.w3.org/2005/Atom"><b/><c xmlns=""/></a><d/>
  </rss>`;
  const r = root(xml);
  const byName = (qname: string) => elements(r).find((e) => e.name === qname)!;

  it('resolves declared prefixes to namespace keys, whatever the prefix', () => {
    expect(byName('c:encoded').ns).toBe('content');
    expect(byName('c:encoded').local).toBe('encoded');
    expect(byName('dc:creator').ns).toBe('dc');
  });

  it('falls back to the conventional namespace of an undeclared prefix', () => {
    expect(byName('content:encoded').ns).toBe('content');
    expect(byName('itunes:author').ns).toBe('itunes');
    expect(byName('made:up').ns).toBe('made');
    expect(byName('item').children.length).toBe(1);
    expect((byName('item').children[0] as XmlElement).ns).toBe('media');
  });

  it('resolves prefixed attributes and scopes default namespaces', () => {
    expect(attr(byName('item'), 'rdf:about')).toBe('http://example.org/1');
    const a = byName('a');
    expect(a.ns).toBe('atom');
    expect(elements(a).map((e) => e.ns)).toEqual(['atom', '']);
    expect(byName('d').ns).toBe('');
  });

  it('tolerates namespace URI variants (https, trailing slash, case)', () => {
    const v = root('<x xmlns:m="HTTPS://search.yahoo.com/mrss"><m:content/></x>');
    expect(elements(v)[0]?.ns).toBe('media');
  });
});

describe('parseXml: broken structure', () => {
  it('closes elements left open when an ancestor closes', () => {
    const r = root('<a><b><c>x</a>');
    expect(find(r, 'c').closed).toBe(true);
    expect(textOf(r)).toBe('x');
  });

  it('ignores end tags that close nothing, and matches end tags case-insensitively', () => {
    const r = root('<a>x</b>y<pubDate>d</pubdate>z</a>');
    expect(textOf(r)).toBe('xydz');
    expect(elements(r).map((e) => e.local)).toEqual(['pubdate']);
  });

  it('yields what was complete in a truncated document', () => {
    const doc = parseXml('<rss><channel><item><title>one</title></item><item><title>tw');
    expect(doc.truncated).toBe(true);
    const items = elements(find(doc.root!, 'channel'));
    expect(items.map((i) => i.closed)).toEqual([true, false]);
  });

  it('reads odd attributes: single quotes, no quotes, no value, spaces around =', () => {
    const a = root(`<a x='1' y=2 z w = "3" A="4"/>`);
    expect(a.attrs).toEqual(['x', '1', 'y', '2', 'z', '', 'w', '3', 'a', '4']);
  });

  it('ends an unterminated attribute value at the end of its tag', () => {
    const r = root('<r><a href="x>link</a><b>ok</b></r>');
    expect(attr(find(r, 'a'), 'href')).toBe('x');
    expect(textOf(find(r, 'b'))).toBe('ok');
  });

  it('stays linear on adversarial input (a quadratic scan would exceed the test timeout)', () => {
    const n = 200_000;
    const cases = [
      `<r>${'<a b="x'.repeat(n)}`,
      `<r>${'</a'.repeat(n)}`,
      `${'<a>'.repeat(300)}${'</B>'.repeat(n)}`,
      `<!DOCTYPE x [${'<!ENTITY a "'.repeat(n)}`,
      `<r>&#${'9'.repeat(n)};${'&'.repeat(n)}${'<'.repeat(n)}</r>`,
      `<r>${'<![CDATA['.repeat(n)}`,
      `<r ${'b=1 '.repeat(n)}>${'<!-'.repeat(n)}</r>`,
    ];
    for (const xml of cases) {
      const doc = parseXml(xml);
      expect(doc.root === null || typeof doc.root.name === 'string').toBe(true);
    }
    expect(elements(parseXml(cases[6]!).root!)).toHaveLength(0);
  });

  it('survives very deep nesting without exhausting the stack', () => {
    const depth = 100_000;
    const doc = parseXml(`${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`);
    expect(textOf(doc.root!)).toBe('x');
  });
});

describe('tree helpers', () => {
  it('serialises inner markup as HTML: escaped text, void elements, no namespace declarations', () => {
    const r = root(
      '<c><div xmlns="http://www.w3.org/1999/xhtml">a &amp; b<br/><img src="x" alt="&quot;"/><p/></div></c>',
    );
    expect(innerXml(r)).toBe('<div>a &amp; b<br><img src="x" alt="&quot;"><p></p></div>');
  });

  it('lets a caller consume elements as they close', () => {
    const seen: string[] = [];
    const doc = parseXml('<r><item>1</item><keep/><item>2</item></r>', {
      onClose: (el) => {
        if (el.local !== 'item') return false;
        seen.push(textOf(el));
        return true;
      },
    });
    expect(seen).toEqual(['1', '2']);
    expect(elements(doc.root!).map((e) => e.local)).toEqual(['keep']);
  });
});
