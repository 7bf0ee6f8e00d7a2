import { describe, expect, it } from 'vitest';
import {
  accountName,
  bridgeFeedUrl,
  nativeFeedUrl,
  parseBridgeSetting,
} from '../../src/domain/bridges.ts';
import {
  androidPriority,
  gotifyPriority,
  ntfyPriority,
  pushoverPriority,
} from '../../src/domain/priority.ts';
import { shareLinks } from '../../src/domain/share-links.ts';

describe('priority normalisation (DESIGN.md "Priority")', () => {
  it('ntfy 1–5 as is, and its names', () => {
    expect([1, 2, 3, 4, 5].map((p) => ntfyPriority(p))).toEqual([1, 2, 3, 4, 5]);
    expect(
      ['min', 'low', 'default', 'high', 'urgent', 'max', 'URGENT'].map((p) => ntfyPriority(p)),
    ).toEqual([1, 2, 3, 4, 5, 5, 5]);
    expect(ntfyPriority(undefined)).toBeNull();
    expect(ntfyPriority('')).toBeNull();
    expect(ntfyPriority('6')).toBeUndefined();
    expect(ntfyPriority('loud')).toBeUndefined();
  });

  it('Pushover −2…2 → 1…5', () => {
    expect([-2, -1, 0, 1, 2].map((p) => pushoverPriority(p))).toEqual([1, 2, 3, 4, 5]);
    expect(pushoverPriority('2')).toBe(5);
    expect(pushoverPriority(null)).toBeNull();
    expect(pushoverPriority(3)).toBeUndefined();
    expect(pushoverPriority('1.5')).toBeUndefined();
  });

  it('Gotify 0–1 → 1, 2–3 → 2, 4–5 → 3, 6–7 → 4, 8–10 → 5', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((p) => gotifyPriority(p))).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5,
    ]);
    expect(gotifyPriority(15)).toBe(5);
    expect(gotifyPriority(-3)).toBe(1);
    expect(gotifyPriority(undefined)).toBeNull();
    expect(gotifyPriority('high')).toBeUndefined();
  });

  it('Android −2…2 like Pushover, clamped, lenient', () => {
    expect(androidPriority(2)).toBe(5);
    expect(androidPriority(4)).toBe(5);
    expect(androidPriority('x')).toBeNull();
  });
});

describe('share links', () => {
  const item = { url: 'https://example.org/a?b=1', title: 'A story & more' };
  const links = Object.fromEntries(
    shareLinks(item, { mastodonInstance: 'mastodon.social' }).map((l) => [l.platform, l.url]),
  );

  it('builds each platform’s intent URL', () => {
    expect(links.linkedin).toBe(
      'https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fexample.org%2Fa%3Fb%3D1',
    );
    expect(links.x).toBe(
      'https://x.com/intent/tweet?text=A+story+%26+more&url=https%3A%2F%2Fexample.org%2Fa%3Fb%3D1',
    );
    expect(links.facebook).toBe(
      'https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.org%2Fa%3Fb%3D1',
    );
    expect(links.threads).toBe(
      'https://www.threads.net/intent/post?text=A+story+%26+more+https%3A%2F%2Fexample.org%2Fa%3Fb%3D1',
    );
    expect(links.whatsapp).toBe(
      'https://wa.me/?text=A+story+%26+more+https%3A%2F%2Fexample.org%2Fa%3Fb%3D1',
    );
    expect(links.mastodon).toBe(
      'https://mastodon.social/share?text=A+story+%26+more+https%3A%2F%2Fexample.org%2Fa%3Fb%3D1',
    );
    expect(links.bluesky).toBe(
      'https://bsky.app/intent/compose?text=A+story+%26+more+https%3A%2F%2Fexample.org%2Fa%3Fb%3D1',
    );
    expect(links.email).toBe(
      'mailto:?subject=A%20story%20%26%20more&body=https%3A%2F%2Fexample.org%2Fa%3Fb%3D1',
    );
  });

  it('leaves out what cannot be built', () => {
    const bare = Object.fromEntries(
      shareLinks({ url: null, title: 'Only words' }).map((l) => [l.platform, l.url]),
    );
    expect(bare.linkedin).toBeNull();
    expect(bare.facebook).toBeNull();
    expect(bare.mastodon).toBeNull();
    expect(bare.x).toBe('https://x.com/intent/tweet?text=Only+words');
  });
});

describe('bridges', () => {
  const rsshub = { kind: 'rsshub' as const, url: 'https://rsshub.example.org/?key=secret' };
  const rssBridge = { kind: 'rss-bridge' as const, url: 'https://bridge.example.org/rss-bridge/' };

  it('takes account names or profile URLs', () => {
    expect(accountName('instagram', 'https://www.instagram.com/nasa/')).toBe('nasa');
    expect(accountName('x', '@NASA')).toBe('NASA');
    expect(accountName('x', 'https://twitter.com/nasa')).toBe('nasa');
    expect(accountName('linkedin', 'https://www.linkedin.com/company/acme-inc/')).toBe('acme-inc');
    expect(accountName('threads', 'https://www.threads.net/@zuck')).toBe('zuck');
    expect(() => accountName('instagram', 'https://example.org/nasa')).toThrow(
      'example.org is not its site',
    );
    expect(() => accountName('x', 'two words')).toThrow('not a X account');
  });

  it('builds RSSHub routes, keeping an access key', () => {
    expect(bridgeFeedUrl('x', '@nasa', rsshub)).toBe(
      'https://rsshub.example.org/twitter/user/nasa?key=secret',
    );
    expect(bridgeFeedUrl('instagram', 'nasa', rsshub)).toBe(
      'https://rsshub.example.org/instagram/user/nasa?key=secret',
    );
    expect(bridgeFeedUrl('threads', 'zuck', rsshub)).toBe(
      'https://rsshub.example.org/threads/zuck?key=secret',
    );
    expect(bridgeFeedUrl('facebook', 'NASA', rsshub)).toBe(
      'https://rsshub.example.org/facebook/page/NASA?key=secret',
    );
    expect(bridgeFeedUrl('linkedin', 'google', rsshub)).toBe(
      'https://rsshub.example.org/linkedin/company/google/posts?key=secret',
    );
  });

  it('builds RSS-Bridge display URLs', () => {
    expect(bridgeFeedUrl('instagram', 'nasa', rssBridge)).toBe(
      'https://bridge.example.org/rss-bridge/?action=display&bridge=InstagramBridge&context=Username&u=nasa&format=Atom',
    );
    expect(bridgeFeedUrl('linkedin', 'google', rssBridge)).toBe(
      'https://bridge.example.org/rss-bridge/?action=display&bridge=LinkedInCompanyBridge&c=google&format=Atom',
    );
    expect(bridgeFeedUrl('x', 'nasa', rssBridge)).toContain(
      'bridge=TwitterBridge&context=By+username&u=nasa',
    );
  });

  it('uses native RSS for Mastodon and Bluesky, and asks for a bridge otherwise', () => {
    expect(nativeFeedUrl('mastodon', '@Gargron@mastodon.social')).toBe(
      'https://mastodon.social/@Gargron.rss',
    );
    expect(nativeFeedUrl('mastodon', 'https://fosstodon.org/@someone')).toBe(
      'https://fosstodon.org/@someone.rss',
    );
    expect(bridgeFeedUrl('bluesky', 'https://bsky.app/profile/bsky.app', null)).toBe(
      'https://bsky.app/profile/bsky.app/rss',
    );
    expect(() => bridgeFeedUrl('instagram', 'nasa', null)).toThrow(
      'needs an RSSHub or RSS-Bridge instance',
    );
    expect(() => nativeFeedUrl('mastodon', 'nobody')).toThrow('expected @user@instance');
  });

  it('guesses the bridge kind from its URL', () => {
    expect(parseBridgeSetting('https://rss-bridge.example.org/')).toEqual({
      kind: 'rss-bridge',
      url: 'https://rss-bridge.example.org/',
    });
    expect(parseBridgeSetting('https://rsshub.app')).toEqual({
      kind: 'rsshub',
      url: 'https://rsshub.app/',
    });
    expect(parseBridgeSetting('https://feeds.example.org', 'rss-bridge').kind).toBe('rss-bridge');
    expect(() => parseBridgeSetting('ftp://x')).toThrow('only http(s)');
  });
});
