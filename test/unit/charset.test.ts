import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes, headerCharset, normalizeCharset } from '../../src/lib/charset.ts';

const DIR = new URL('../fixtures/feeds/', import.meta.url);
const fixture = (path: string) => readFileSync(new URL(path, DIR));
const enc = (s: string, charset: string) => new Uint8Array(iconv.encode(s, charset));
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('headerCharset / normalizeCharset', () => {
  it('reads the charset parameter in its written forms', () => {
    expect(headerCharset('text/xml; charset=windows-1252')).toBe('windows-1252');
    expect(headerCharset('text/xml;charset = us-ascii')).toBe('us-ascii');
    expect(headerCharset(`application/atom+xml; charset='gb2312'`)).toBe('gb2312');
    expect(headerCharset('text/xml; charset="UTF-8"; q=1')).toBe('UTF-8');
    expect(headerCharset('text/xml; charset:iso-8859-1')).toBeNull();
    expect(headerCharset('text/xml')).toBeNull();
    expect(headerCharset(null)).toBeNull();
  });

  it('reads latin-1 and ASCII labels as windows-1252 and drops unknown labels', () => {
    for (const l of ['ISO-8859-1', 'latin1', 'us-ascii', 'ascii', 'cp1252']) {
      expect(normalizeCharset(l)).toBe('windows-1252');
    }
    expect(normalizeCharset('UTF8')).toBe('utf-8');
    expect(normalizeCharset('gb2312')).toBe('gb18030');
    expect(normalizeCharset('bogus')).toBeNull();
    expect(normalizeCharset('')).toBeNull();
  });
});

describe('decodeBytes precedence', () => {
  const body = '<?xml version="1.0" encoding="iso-8859-1"?><r>Caf\u00e9 \u20ac</r>';

  it('lets the HTTP charset win over the XML declaration', () => {
    const bytes = enc(body, 'windows-1252');
    expect(decodeBytes(bytes, 'text/xml; charset=windows-1252').text).toContain('Café €');
    const koi = enc('<?xml version="1.0" encoding="utf-8"?><r>Пример</r>', 'koi8-r');
    expect(decodeBytes(koi, 'text/xml; charset=koi8-r')).toEqual({
      text: '<?xml version="1.0" encoding="utf-8"?><r>Пример</r>',
      charset: 'koi8-r',
    });
  });

  it('lets a BOM win over the XML declaration', () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...utf8('<?xml version="1.0" encoding="iso-8859-1"?><r>é</r>'),
    ]);
    const { text, charset } = decodeBytes(bytes);
    expect(charset).toBe('utf-8');
    expect(text).toBe('<?xml version="1.0" encoding="iso-8859-1"?><r>é</r>');
  });

  it('uses the XML declaration, then sniffs', () => {
    expect(
      decodeBytes(enc('<?xml version="1.0" encoding="koi8-r"?><r>Пример</r>', 'koi8-r')).text,
    ).toContain('Пример');
    expect(decodeBytes(utf8('<r>€ é</r>')).charset).toBe('utf-8');
    expect(decodeBytes(enc('<r>caf\u00e9 cr\u00e8me br\u00fbl\u00e9e</r>', 'latin1')).text).toBe(
      '<r>café crème brûlée</r>',
    );
  });

  it('reads <meta charset> in HTML', () => {
    const html = enc(
      '<html><head><meta charset="windows-1251"></head><body>Привет</body></html>',
      'windows-1251',
    );
    expect(decodeBytes(html).charset).toBe('windows-1251');
  });

  it('falls down the chain from unknown labels', () => {
    const bytes = utf8('<?xml version="1.0" encoding="bogus"?><r>€</r>');
    expect(decodeBytes(bytes, 'text/xml; charset=nonsense')).toEqual({
      text: '<?xml version="1.0" encoding="bogus"?><r>€</r>',
      charset: 'utf-8',
    });
  });

  it('reads valid UTF-8 under a latin-1/ASCII header or a legacy declaration as UTF-8', () => {
    const bytes = utf8('<?xml version="1.0" encoding="utf-8"?><r>테스트 €</r>');
    expect(decodeBytes(bytes, 'text/xml; charset=iso-8859-1').charset).toBe('utf-8');
    expect(decodeBytes(bytes, 'text/xml; charset=us-ascii').text).toContain('테스트 €');
    // An explicit windows-1252 header is believed.
    expect(decodeBytes(bytes, 'text/xml; charset=windows-1252').charset).toBe('windows-1252');
    expect(decodeBytes(fixture('miniflux/utf8-incorrect-prolog.xml')).text).toContain(
      '테스트 피드',
    );
    expect(decodeBytes(fixture('miniflux/windows-1252-incorrect-prolog.xml')).text).toContain(
      'Euro €',
    );
  });

  it('reads bytes that are mostly not UTF-8 under a utf-8 header from the document', () => {
    const bytes = enc(
      '<?xml version="1.0" encoding="iso-8859-1"?><r>crème brûlée à la café</r>',
      'latin1',
    );
    expect(decodeBytes(bytes, 'text/xml; charset=utf-8').text).toContain('crème brûlée à la café');
  });
});

describe('decodeBytes: UTF-16 and UTF-32', () => {
  const xml = '<?xml version="1.0" encoding="utf-16"?><r>Ünïcödé €</r>';

  it.each([
    ['utf-16le', [0xff, 0xfe]],
    ['utf-16be', [0xfe, 0xff]],
    ['utf-32le', [0xff, 0xfe, 0, 0]],
    ['utf-32be', [0, 0, 0xfe, 0xff]],
  ])('decodes %s with a BOM', (charset, bom) => {
    const bytes = new Uint8Array([...bom, ...enc(xml, charset)]);
    expect(decodeBytes(bytes)).toEqual({ text: xml, charset });
  });

  it.each(['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'])(
    'detects %s without a BOM',
    (charset) => {
      expect(decodeBytes(enc(xml, charset))).toEqual({ text: xml, charset });
    },
  );

  it('lets a UTF-16 BOM beat a header naming another encoding', () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...enc(xml, 'utf-16le')]);
    expect(decodeBytes(bytes, 'text/xml; charset=utf-8').charset).toBe('utf-16le');
  });

  it('decodes the corpus UTF-16/32 feeds', () => {
    for (const [path, charset] of [
      ['feedparser/encoding/utf-16be-bom.xml', 'utf-16be'],
      ['feedparser/encoding/utf-16le-autodetect.xml', 'utf-16le'],
      ['feedparser/encoding/utf-16le-bom.xml', 'utf-16le'],
      ['feedparser/encoding/utf-16le.xml', 'utf-16le'],
      ['feedparser/encoding/utf-32be-bom.xml', 'utf-32be'],
      ['feedparser/encoding/utf-32le-bom.xml', 'utf-32le'],
      ['feedparser/encoding/utf-32le.xml', 'utf-32le'],
      ['simplepie/feed-utf16be.xml', 'utf-16be'],
      ['simplepie/feed-utf16le.xml', 'utf-16le'],
    ]) {
      const out = decodeBytes(fixture(path!));
      expect(out.charset, path).toBe(charset);
      expect(out.text, path).toMatch(/^<\?xml|^\s*<rss/);
    }
  });
});

describe('decodeBytes: detection of undeclared legacy encodings', () => {
  it.each([
    ['feedparser/illformed/chardet/big5.xml', 'big5hkscs'],
    ['feedparser/illformed/chardet/eucjp.xml', 'euc-jp'],
    ['feedparser/illformed/chardet/euckr.xml', 'euc-kr'],
    ['feedparser/illformed/chardet/gb2312.xml', 'gb18030'],
    ['feedparser/illformed/chardet/koi8r.xml', 'koi8-r'],
    ['feedparser/illformed/chardet/shiftjis.xml', 'shift_jis'],
    ['miniflux/no_encoding_ISO-8859-1.xml', 'windows-1252'],
    ['rss-parser/uolNoticias.rss', 'windows-1252'],
  ])('detects %s', (path, charset) => {
    expect(decodeBytes(fixture(path)).charset).toBe(charset);
  });

  it('falls back to windows-1252 when detection is unsure', () => {
    expect(decodeBytes(fixture('feedparser/illformed/chardet/tis620.xml')).charset).toBe(
      'windows-1252',
    );
    expect(decodeBytes(new Uint8Array([0x3c, 0x72, 0x3e, 0xe9, 0x3c, 0x2f, 0x72, 0x3e])).text).toBe(
      '<r>é</r>',
    );
  });

  it('keeps a stray invalid byte in otherwise valid UTF-8 as U+FFFD', () => {
    const bytes = new Uint8Array([...utf8('<r>’ ” '), 0xa9, ...utf8('</r>')]);
    expect(decodeBytes(bytes).text).toBe('<r>’ ” \ufffd</r>');
  });
});
