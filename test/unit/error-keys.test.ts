/**
 * Every message key the services throw with (`invalid(…, 'error.…')`, `localised: { key }`,
 * ImportError, FetchError, MastodonError, BlueskyError) exists in the web UI's catalogs, so
 * that no error falls back to English on a Dutch page because of a typo.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedParseError, FetchError, type FetchErrorCode } from '../../src/domain/errors.ts';
import { en } from '../../src/http/ui/i18n/en.ts';
import { errorText, translator } from '../../src/http/ui/i18n/index.ts';
import { nl } from '../../src/http/ui/i18n/nl.ts';
import { BlueskyError } from '../../src/sources/bluesky/parse.ts';
import { MastodonError } from '../../src/sources/mastodon/parse.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const CODES: FetchErrorCode[] = [
  'bad_url',
  'blocked',
  'dns',
  'timeout',
  'too_large',
  'too_many_redirects',
  'network',
  'tls',
];

describe('error message keys', () => {
  it('every literal error key in src/ is in both catalogs', () => {
    const keys = new Set<string>();
    for (const file of sources(join(process.cwd(), 'src'))) {
      if (file.includes(`${join('ui', 'i18n')}`)) continue;
      for (const match of readFileSync(file, 'utf8').matchAll(/'(error\.[\w.]+)'/g))
        keys.add(match[1]!);
    }
    expect(keys.size).toBeGreaterThan(60);
    expect([...keys].filter((key) => !(key in en))).toEqual([]);
    expect([...keys].filter((key) => !(key in nl))).toEqual([]);
  });

  it('errors of outbound requests, feeds and social services say what happened in Dutch', () => {
    const t = translator('nl');
    for (const code of CODES) {
      const text = errorText(t, new FetchError(code, `fetch: ${code}`, 'https://x.example/'));
      expect(text, code).toContain('https://x.example/');
      expect(text, code).not.toContain('fetch:');
    }
    expect(errorText(t, new FeedParseError('feed: no <channel> or <feed> element'))).toBe(
      'Dit is geen feed die Checkpoint kan lezen (no <channel> or <feed> element).',
    );
    expect(
      errorText(t, new MastodonError('mastodon: verify_credentials answered no account')),
    ).toBe('De Mastodon-server accepteerde dit niet: verify_credentials answered no account');
    expect(errorText(t, new BlueskyError('bluesky: createSession failed (HTTP 401)'))).toBe(
      'Bluesky accepteerde dit niet: createSession failed (HTTP 401)',
    );
  });
});
