import { describe, expect, it } from 'vitest';
import { SAME_STORY, similarity, titleKey } from '../../src/domain/near-duplicate.ts';
import { backoffAt, firstCheckAt, nextCheckAt } from '../../src/domain/polling.ts';
import { hostKey, runLimited } from '../../src/lib/limiter.ts';
import { canonicalUrl } from '../../src/pipeline/canonical-url.ts';
import { wouldPush } from '../../src/sources/registry.ts';

describe('canonicalUrl', () => {
  it('strips tracking parameters and normalises host, scheme and slash', () => {
    expect(
      canonicalUrl('http://WWW.Example.com/a/b/?utm_source=x&utm_medium=y&b=2&a=1&fbclid=z#top'),
    ).toBe('https://example.com/a/b?a=1&b=2');
    expect(canonicalUrl('https://example.com/?gclid=1&mc_eid=2')).toBe('https://example.com');
    expect(canonicalUrl('https://example.com:443/post/index.html')).toBe(
      'https://example.com/post',
    );
    expect(canonicalUrl('http://user:pw@Example.com:8080//a//b/?z=1&UTM_Source=x&a=%20b')).toBe(
      'https://example.com:8080/a/b?a=%20b&z=1',
    );
    expect(canonicalUrl('https://example.com/?utm_source=a&utm_medium=b')).toBe(
      canonicalUrl('http://www.example.com'),
    );
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('not a url')).toBeNull();
  });
});

describe('near-duplicate titles', () => {
  const key = (t: string) => titleKey(t)!;
  it('keeps one story’s titles together and different stories apart', () => {
    expect(
      similarity(
        key('Apple unveils the M5 chip for its new MacBook Pro models'),
        key('Apple unveils M5 chip for new MacBook Pro models'),
      ),
    ).toBeGreaterThanOrEqual(SAME_STORY);
    expect(
      similarity(
        key('Heavy snow closes mountain passes across the northern valleys'),
        key('Heavy snow closes mountain passes across the northern valleys today'),
      ),
    ).toBeGreaterThanOrEqual(SAME_STORY);
    expect(
      similarity(
        key('Apple unveils the M5 chip for its new MacBook Pro models'),
        key('City council approves new budget for public libraries'),
      ),
    ).toBeLessThan(0.2);
    expect(
      similarity(
        key('Quarterly results: revenue up 4 percent in Q2'),
        key('Quarterly results: revenue up 9 percent in Q3'),
      ),
    ).toBeLessThan(SAME_STORY);
  });
  it('ignores case, accents, punctuation and stop words, and skips short titles', () => {
    expect(titleKey('Café: the NEW menu, at last!')).toBe('cafe last menu new');
    expect(titleKey('Hi there')).toBeNull();
  });
});

describe('polling maths', () => {
  it('spreads first checks over the interval and backs off exponentially up to a day', () => {
    const firsts = Array.from({ length: 50 }, (_, id) => firstCheckAt(id + 1, 60, 0));
    expect(new Set(firsts.map((t) => Math.floor(t / 600_000))).size).toBeGreaterThan(4);
    expect(Math.max(...firsts)).toBeLessThan(3_600_000);
    expect(nextCheckAt(1, 60, 0)).toBeGreaterThan(3_600_000 * 0.94);
    expect(backoffAt(1, 3, 60, 0)).toBeGreaterThanOrEqual(4 * 3_600_000);
    expect(backoffAt(1, 20, 60, 0)).toBeLessThanOrEqual(24 * 3_600_000 * 1.1);
    expect(backoffAt(1, 1, 60, 0, 10 * 3_600_000)).toBe(10 * 3_600_000);
  });
});

describe('wouldPush', () => {
  it('follows the DESIGN.md defaults and the source override', () => {
    expect(wouldPush('feed', 'article', null)).toBe(false);
    expect(wouldPush('imap', 'newsletter', null)).toBe(true);
    expect(wouldPush('mastodon', 'post', null)).toBe(false);
    expect(wouldPush('mastodon', 'mention', null)).toBe(true);
    expect(wouldPush('ntfy', 'notification', null)).toBe(true);
    expect(wouldPush('feed', 'article', true)).toBe(true);
  });

  it('counts a social reply only where it came as a notification, unless the source says', () => {
    // One reply to the user arrives twice: in the timeline and as a notification.
    expect(wouldPush('mastodon', 'reply', null, 'timeline')).toBe(false);
    expect(wouldPush('mastodon', 'reply', null, 'notification')).toBe(true);
    expect(wouldPush('bluesky', 'mention', null, 'timeline')).toBe(false);
    expect(wouldPush('bluesky', 'notification', null, 'notification')).toBe(true);
    expect(wouldPush('bluesky', 'reply', true, 'timeline')).toBe(true);
    expect(wouldPush('mastodon', 'reply', false, 'notification')).toBe(false);
  });
});

describe('runLimited', () => {
  it('respects the global and the per-host limit and keeps result order', async () => {
    let running = 0;
    let peak = 0;
    const perHost = new Map<string, number>();
    let peakPerHost = 0;
    const tasks = Array.from({ length: 20 }, (_, i) => ({
      i,
      url: `https://h${i % 3}.example/feed`,
    }));
    const results = await runLimited(
      tasks,
      { concurrency: 4, perKey: 1, key: (t) => hostKey(t.url) },
      async (t) => {
        running++;
        const host = hostKey(t.url);
        perHost.set(host, (perHost.get(host) ?? 0) + 1);
        peak = Math.max(peak, running);
        peakPerHost = Math.max(peakPerHost, perHost.get(host)!);
        await new Promise((r) => setImmediate(r));
        perHost.set(host, perHost.get(host)! - 1);
        running--;
        return t.i * 2;
      },
    );
    expect(results).toEqual(tasks.map((t) => t.i * 2));
    expect(peak).toBeLessThanOrEqual(3);
    expect(peakPerHost).toBe(1);
  });
});
