/**
 * The reading view's "Load full text" (Readability over the article page, `?full=1`) against
 * the fixture site's article pages — the text the feed did not carry appears, the page is
 * fetched once and kept; a page that is gone says so — and the PWA manifest: Chromium reads it
 * without errors or installability problems, and its icons and start page are served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRow } from '../../src/db/schema.ts';
import { subscribe } from '../../src/services/sources/sources.ts';
import { type E2e, startE2e } from '../helpers/e2e.ts';
import { rss } from '../helpers/feeds.ts';
import { sendWithValidators } from '../helpers/fixture-server.ts';

describe('full text and the web app manifest', () => {
  let e: E2e;
  let user: UserRow;

  const itemId = async (title: string) =>
    (
      await e.app.db.kysely
        .selectFrom('items')
        .select('id')
        .where('title', '=', title)
        .executeTakeFirstOrThrow()
    ).id;

  beforeAll(async () => {
    e = await startE2e();
    user = await e.setupAndLogin();
    await subscribe(e.app, user.id, e.site.urlFor('/blog/'));
    e.site.route('/moved/feed.xml', (req, res) =>
      sendWithValidators(req, res, {
        body: rss('Moved Paper', [
          {
            guid: 'm1',
            title: 'A story that moved away',
            link: e.site.urlFor('/blog/posts/no-such-post'),
            date: 'Mon, 02 Mar 2026 06:00:00 GMT',
          },
        ]),
      }),
    );
    await subscribe(e.app, user.id, e.site.urlFor('/moved/feed.xml'));
  });
  afterAll(async () => {
    await e?.close();
  });

  it('"Load full text" shows the whole article from its page, fetched once', async () => {
    const { page } = e;
    const id = await itemId('A quiet guide to reading less news');
    const article = '/blog/posts/less-news';
    await e.goto(`/items/${id}`);
    const content = page.locator('article.reader .content');
    expect(await content.textContent()).not.toContain('The full article goes on from here');
    expect(e.site.hits(article)).toBe(0);
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('full') === '1'),
      page.click('a.button:text("Load full text")'),
    ]);
    expect(new URL(page.url()).pathname).toBe(`/items/${id}`);
    expect(await content.textContent()).toContain('The full article goes on from here');
    // Readability keeps the article and leaves the page's header and footer out.
    expect(await content.textContent()).not.toContain('© the journal');
    expect(await content.locator('h2').first().textContent()).toBe('What comes next');
    expect(await page.locator('a.button:text("Load full text")').count()).toBe(0);
    expect(await page.locator('main .notice.error').count()).toBe(0);
    expect(e.site.hits(article)).toBe(1);
    // Kept with the item: a second look does not fetch the page again.
    await e.goto(`/items/${id}?full=1`);
    expect(await content.textContent()).toContain('The full article goes on from here');
    expect(e.site.hits(article)).toBe(1);
    expect(e.browser.pageErrors).toEqual([]);
  });

  it('a page that is gone: the feed’s text stays, with the reason', async () => {
    const { page } = e;
    const id = await itemId('A story that moved away');
    await e.goto(`/items/${id}`);
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('a.button:text("Load full text")'),
    ]);
    expect(await page.locator('main .notice.error').textContent()).toBe(
      `The full text could not be loaded: ${e.site.urlFor('/blog/posts/no-such-post')} answered with HTTP status 404.`,
    );
    expect(await page.locator('article.reader .content').textContent()).toContain(
      'A story that moved away',
    );
  });

  it('the manifest is valid for Chromium; its icons and start page are served', async () => {
    const { page } = e;
    await e.goto('/checkpoint');
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const cdp = await e.browser.context.newCDPSession(page);
    try {
      const manifest = await cdp.send('Page.getAppManifest');
      expect(manifest.url).toBe(`${e.url}/manifest.webmanifest`);
      expect(manifest.errors).toEqual([]);
      const installability = (await cdp.send('Page.getInstallabilityErrors')) as {
        installabilityErrors: unknown[];
      };
      expect(installability.installabilityErrors).toEqual([]);
    } finally {
      await cdp.detach();
    }

    const response = await fetch(`${e.url}/manifest.webmanifest`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/manifest+json');
    const manifest = (await response.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      scope: string;
      display: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({
      name: 'Checkpoint',
      short_name: 'Checkpoint',
      start_url: '/checkpoint',
      scope: '/',
      display: 'standalone',
    });
    expect(manifest.icons.length).toBeGreaterThan(0);
    for (const icon of manifest.icons) {
      const served = await fetch(new URL(icon.src, e.url));
      expect(served.status, icon.src).toBe(200);
      expect(served.headers.get('content-type'), icon.src).toBe(icon.type);
      const body = await served.text();
      if (icon.type === 'image/svg+xml') expect(body, icon.src).toMatch(/^<svg[\s>]/);
    }
    // The icon draws in the page, and the start page opens for a logged-in user.
    const drawn = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return img.naturalWidth > 0;
    }, manifest.icons[0]!.src);
    expect(drawn).toBe(true);
    await e.goto(manifest.start_url);
    expect(new URL(page.url()).pathname).toBe('/checkpoint');
  });
});
