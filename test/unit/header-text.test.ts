import { describe, expect, it } from 'vitest';
import { headerText } from '../../src/intake/header-text.ts';
import { parseNtfyJson, parseNtfyPublish } from '../../src/intake/ntfy.ts';

/** What Node hands over for a header whose bytes are the UTF-8 of `text`. */
const asNodeReadsIt = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

const params = (headers: Record<string, string>, query: Record<string, string> = {}) => ({
  header: (n: string) => headers[n.toLowerCase()],
  query: (n: string) => query[n],
});

describe('header text', () => {
  it('reads UTF-8 bytes as UTF-8', () => {
    // "Ãœber news" as a Windows-1252 terminal shows it.
    expect(asNodeReadsIt('Über news')).toBe('\u00c3\u009cber news');
    expect(headerText(asNodeReadsIt('Über news'))).toBe('Über news');
    expect(headerText(asNodeReadsIt('warning,🎉,日本'))).toBe('warning,🎉,日本');
  });

  it('decodes RFC 2047 encoded words, B and Q, in any charset libmime knows', () => {
    expect(headerText('=?UTF-8?B?w5xiZXIgbmV3cw==?=')).toBe('Über news');
    expect(headerText('=?utf-8?q?Hello_W=C3=B6rld?=')).toBe('Hello Wörld');
    expect(headerText('=?ISO-8859-1?Q?caf=E9?= au lait')).toBe('café au lait');
    // Whitespace between adjacent encoded words is not part of the text (RFC 2047 §6.2).
    expect(headerText('=?UTF-8?Q?a?= =?UTF-8?Q?b?=')).toBe('ab');
  });

  it('leaves ASCII, Latin-1 that is not UTF-8, and already decoded text as they are', () => {
    expect(headerText('Disk full')).toBe('Disk full');
    expect(headerText('https://nas.local/?a=?b')).toBe('https://nas.local/?a=?b');
    expect(headerText('Caf\u00e9')).toBe('Café');
    expect(headerText('Über ✓')).toBe('Über ✓');
  });
});

describe('ntfy JSON publish with headers', () => {
  it('takes what the JSON leaves out from headers and query, as ntfy does', () => {
    const message = parseNtfyJson(
      { topic: 'alerts', title: 'From JSON', message: 'body' },
      params(
        { 'x-title': 'From header', 'x-priority': 'high', 'x-tags': 'a,b' },
        { click: 'https://x.example/' },
      ),
    );
    expect(message).toMatchObject({
      title: 'From JSON',
      priority: 4,
      tags: ['a', 'b'],
      click: 'https://x.example/',
    });
    expect(
      parseNtfyJson({ topic: 'alerts', priority: 2 }, params({ 'x-priority': '5' })).priority,
    ).toBe(2);
  });

  it('ignores the RFC 9218 Priority header that proxies add', () => {
    const message = parseNtfyPublish(
      'alerts',
      'x',
      params({ priority: 'u=3, i', 'x-priority': '' }),
    );
    expect(message.priority).toBeNull();
    expect(parseNtfyPublish('alerts', 'x', params({ priority: 'u=1' }, { p: '5' })).priority).toBe(
      5,
    );
  });
});
