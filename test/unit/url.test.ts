import { describe, expect, it } from 'vitest';
import { httpUrlOrNull, resolveUrl } from '../../src/lib/url.ts';

/** What the WHATWG parser itself says (the fast paths must agree with it exactly). */
function reference(href: string, base: string | null): string | null {
  const h = href.trim();
  try {
    return new URL(h, base ?? undefined).href;
  } catch {
    if (!h.startsWith('//')) return null;
    try {
      return new URL(`https:${h}`).href;
    } catch {
      return null;
    }
  }
}

describe('resolveUrl / httpUrlOrNull', () => {
  it('resolves relative references', () => {
    expect(resolveUrl('../b?x=1', 'https://example.com/a/c')).toBe('https://example.com/b?x=1');
    expect(resolveUrl('/p', 'http://a.test/x/y')).toBe('http://a.test/p');
    expect(resolveUrl('#f', 'http://a.test/x')).toBe('http://a.test/x#f');
    expect(resolveUrl('', 'http://a.test/x')).toBe('http://a.test/x');
    expect(resolveUrl('/p', null)).toBeNull();
    expect(resolveUrl(null)).toBeNull();
  });

  it('trims whitespace, encodes IRIs and normalises hosts', () => {
    expect(httpUrlOrNull(' \n http://www.詹姆斯.com/feed \t')).toBe(
      'http://www.xn--8ws00zhy3a.com/feed',
    );
    expect(httpUrlOrNull('HTTP://EXAMPLE.com/À')).toBe('http://example.com/%C3%80');
    expect(httpUrlOrNull('http:////example.com/test/')).toBe('http://example.com/test/');
    expect(httpUrlOrNull('https://a.test')).toBe('https://a.test/');
  });

  it('assumes https for scheme-relative URLs without a base', () => {
    expect(httpUrlOrNull('//example.com/x')).toBe('https://example.com/x');
    expect(httpUrlOrNull('//example.com/x', 'http://b.test/')).toBe('http://example.com/x');
  });

  it('only lets http(s) through', () => {
    for (const bad of [
      'javascript:alert(1)',
      'mailto:a@b.test',
      'data:text/html,x',
      'ftp://x.test/',
      'nonsense',
      '',
    ]) {
      expect(httpUrlOrNull(bad), bad).toBeNull();
    }
    expect(httpUrlOrNull('/x', 'javascript:alert(1)')).toBeNull();
  });

  it('agrees with the URL parser on generated inputs (fast paths included)', () => {
    const parts = [
      'a',
      'z',
      'A',
      '0',
      '.',
      '..',
      '/',
      '//',
      '-',
      '_',
      '~',
      '%',
      '%2e',
      '%41',
      '?',
      '#',
      '&',
      '=',
      ':',
      '@',
      "'",
      '"',
      ' ',
      '\\',
      'é',
      'xn--',
      '[',
      '|',
      '^',
      '{',
      '`',
      '\t',
      '+',
      '!',
      '$',
      '(',
      '*',
    ];
    const prefixes = [
      'https://example.com',
      'http://a.b',
      'https://1.2.3.4',
      'https://0x7f.1',
      'https://EXAMPLE.com',
      'https://a.',
      'https://a..b',
      'https://xn--a.com',
      'http://a.com:80',
      'http://user@a.com',
      '/',
      '/a',
      '//a.com',
      'https:a.com',
      'HTTPS://a.com',
      'https://-a.com',
      '',
    ];
    const bases = [
      null,
      'https://example.com/feed/x.xml',
      'http://a.b/c/',
      'https://EXAMPLE.com/a/',
      'https://a.com:443/x',
      'https://1.2.3.4/',
    ];
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const mismatches: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      let href = prefixes[next(prefixes.length)]!;
      for (let k = next(8); k > 0; k--) href += parts[next(parts.length)];
      const base = bases[next(bases.length)]!;
      const got = resolveUrl(href, base);
      const want = reference(href, base);
      if (got !== want) mismatches.push(JSON.stringify({ href, base, got, want }));
    }
    expect(mismatches.slice(0, 20), mismatches.join('\n')).toEqual([]);
  });
});
