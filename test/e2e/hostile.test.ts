/**
 * A hostile feed renders inert in Chromium: scripts, event handlers, javascript: links,
 * styles, frames, SVG with script, forms, meta refresh and remote media or images on foreign
 * hosts. No dialog opens, no script of theirs runs, the browser contacts no host but the
 * app's, and our own pages cause no CSP violation (everything dangerous is gone before the
 * CSP would have to step in).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateUser } from '../../src/db/repos/users.ts';
import type { UserRow } from '../../src/db/schema.ts';
import { subscribe } from '../../src/services/sources/sources.ts';
import { type E2e, FIRST_DUE, startE2e } from '../helpers/e2e.ts';
import { rss } from '../helpers/feeds.ts';
import { sendWithValidators } from '../helpers/fixture-server.ts';

/** Every payload marks `window.pwned` if it ever runs. */
const RUN = "window.pwned=(window.pwned||0)+1;alert('xss')";

const HOSTILE = [
  {
    guid: 'h1',
    title: `<script>${RUN}</script>Script in the title`,
    html: `<p>Before</p><script>${RUN}</script><p>After the script</p><noscript><p>noscript</p></noscript>`,
  },
  {
    guid: 'h2',
    title: 'Images with handlers and trackers',
    html: `<p>Pictures</p><img src=x onerror="${RUN}"><img src="http://tracker.invalid/p.png" alt="tracker"><img src="https://evil.example/a.jpg" srcset="https://evil.example/b.jpg 2x, https://evil.example/c.jpg 3x" onload="${RUN}"><img src="//evil.example/protocol-relative.png"><picture><source srcset="https://evil.example/d.webp"><img src="https://evil.example/e.jpg"></picture>`,
  },
  {
    guid: 'h3',
    title: 'Links that run code',
    html: `<p><a href="javascript:${RUN}">javascript link</a> <a href="JaVaScRiPt:alert(1)">mixed case</a> <a href="  javascript:alert(1)">spaces</a> <a href="data:text/html,<script>alert(1)</script>">data link</a> <a href="vbscript:msgbox(1)">vbscript</a></p>`,
  },
  {
    guid: 'h4',
    title: 'Styles and CSS tricks',
    html: `<style>body{background:url(https://evil.example/bg.png)} p{color:red}</style><p style="background:url(https://evil.example/s.png);width:expression(alert(1))">Styled paragraph</p><div style="position:fixed;inset:0;background:red">overlay</div><link rel="stylesheet" href="https://evil.example/x.css">`,
  },
  {
    guid: 'h5',
    title: 'Frames, objects and forms',
    html: `<iframe src="https://evil.example/frame" srcdoc="<script>${RUN}</script>"></iframe><object data="https://evil.example/o.swf"></object><embed src="https://evil.example/e.swf"><form action="https://evil.example/steal" method="post"><input name="password" value="x"><button formaction="javascript:alert(1)">Send</button></form><p>After the frames</p>`,
  },
  {
    guid: 'h6',
    title: 'SVG and MathML',
    html: `<svg onload="${RUN}"><script>${RUN}</script><image href="https://evil.example/svg.png"/><foreignObject><img src="https://evil.example/f.png"></foreignObject></svg><math><maction actiontype="statusline" xlink:href="javascript:alert(1)">m</maction></math><img src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4="><p>After the SVG</p>`,
  },
  {
    guid: 'h7',
    title: 'Media, meta and base',
    html: `<meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/"><video src="https://evil.example/v.mp4" poster="https://evil.example/poster.jpg" autoplay><source src="https://evil.example/v.webm"><track src="https://evil.example/t.vtt"></video><audio src="https://evil.example/a.mp3" autoplay></audio><p><a href="relative/page">relative link</a></p>`,
  },
  {
    guid: 'h8',
    title: 'Entities and broken markup',
    html: `<p>&lt;script&gt;${RUN}&lt;/script&gt;</p><p><img src="x" alt="\\"><script>${RUN}</script>"><div><p>unclosed <b>bold <i>italic</p></div><!-- <script>${RUN}</script> --><![CDATA[<script>${RUN}</script>]]>`,
  },
];

describe('a hostile feed', () => {
  let e: E2e;
  let user: UserRow;
  let ids: number[] = [];

  beforeAll(async () => {
    e = await startE2e();
    e.site.route('/hostile/feed.xml', (req, res) =>
      sendWithValidators(req, res, {
        body: rss(
          'Hostile <b>Feed</b> <script>alert(1)</script>',
          HOSTILE.map((h, i) => ({
            ...h,
            link: i === 2 ? `javascript:${RUN}` : `https://evil.example/${h.guid}`,
            date: 'Mon, 02 Mar 2026 06:00:00 GMT',
          })),
          'javascript:alert(1)',
        ),
      }),
    );
    user = await e.setupAndLogin();
    const result = await subscribe(e.app, user.id, e.site.urlFor('/hostile/feed.xml'));
    expect(result.status).toBe('subscribed');
    await e.app.db.kysely
      .updateTable('schedules')
      .set({ per_source_limit: 20, budget_minutes: 120 })
      .where('user_id', '=', user.id)
      .execute();
    await e.buildAt(FIRST_DUE);
    ids = (
      await e.app.db.kysely
        .selectFrom('items')
        .select('id')
        .where('user_id', '=', user.id)
        .orderBy('id')
        .execute()
    ).map((r) => r.id);
    expect(ids).toHaveLength(HOSTILE.length);
  });
  afterAll(async () => {
    await e?.close();
  });

  /** Nothing of the feed ran and nothing left 127.0.0.1 through the app's pages. */
  async function expectInert(where: string): Promise<void> {
    const { page, browser } = e;
    expect(browser.dialogs, where).toEqual([]);
    expect(
      await page.evaluate(() => (window as unknown as { pwned?: number }).pwned ?? 0),
      where,
    ).toBe(0);
    const foreign = browser.requests.filter(
      (url) => !url.startsWith(`${e.url}/`) && !url.startsWith('data:'),
    );
    expect(foreign, where).toEqual([]);
    expect(
      browser.console.filter((line) => /Content Security Policy/i.test(line)),
      where,
    ).toEqual([]);
    expect(browser.pageErrors, where).toEqual([]);
    const dom = await page.evaluate(() => {
      const root = document.querySelector('main')!;
      const all = [...root.querySelectorAll('*')];
      // What came from the feed: titles, summaries, content. Our own forms post to our own paths.
      const foreignContent = [
        ...root.querySelectorAll('.content, .item-title, .item-summary, .source-name'),
      ];
      return {
        scripts:
          foreignContent.reduce(
            (n, el) =>
              n +
              el.querySelectorAll(
                'script, iframe, object, embed, svg, math, form, style, link, meta, base, frame, input, button',
              ).length,
            0,
          ) +
          [...document.querySelectorAll('form')].filter(
            (f) => !f.getAttribute('action')?.startsWith('/') && f.getAttribute('action') !== null,
          ).length +
          [...document.querySelectorAll('script')].filter((s) => !s.src.startsWith(location.origin))
            .length,
        handlers: all.flatMap((el) =>
          [...el.attributes]
            .filter((a) => /^on/i.test(a.name))
            .map((a) => `${el.tagName} ${a.name}`),
        ),
        styles: all.filter((el) => el.hasAttribute('style')).length,
        badLinks: [...root.querySelectorAll<HTMLAnchorElement>('a[href]')]
          .map((a) => a.getAttribute('href')!)
          .filter((href) => !/^(https?:|mailto:|\/|#|\?)/i.test(href.trim())),
        foreignSources: all
          .flatMap((el) =>
            ['src', 'srcset', 'poster', 'data', 'action', 'formaction', 'background'].map((name) =>
              el.getAttribute(name),
            ),
          )
          .filter(
            (value): value is string =>
              !!value && /(^|\s|,)(https?:)?\/\/(?!127\.0\.0\.1)/i.test(value),
          ),
      };
    });
    expect(dom, where).toEqual({
      scripts: 0,
      handlers: [],
      styles: 0,
      badLinks: [],
      foreignSources: [],
    });
  }

  it('the checkpoint with the hostile items', async () => {
    await e.goto('/checkpoint');
    expect(await e.page.locator('li.item[data-item]').count()).toBe(HOSTILE.length);
    expect(await e.page.locator('li.item .item-title').first().textContent()).not.toContain('<');
    await expectInert('/checkpoint');
  });

  it('the reading view of every hostile item (remote images only through the proxy)', async () => {
    for (const id of ids) {
      await e.goto(`/items/${id}`);
      await e.page.waitForLoadState('networkidle');
      await expectInert(`/items/${id}`);
    }
    await e.goto(`/items/${ids[1]}`);
    await e.page.waitForLoadState('networkidle');
    // Images the proxy refuses (foreign or unreachable hosts) show its quiet placeholder, not
    // the browser's broken-image icon: every one of them has loaded, as the 640-wide frame.
    const images = await e.page
      .locator('.content img')
      .evaluateAll((list: HTMLImageElement[]) =>
        list.map((img) => ({ complete: img.complete, width: img.naturalWidth })),
      );
    expect(images.length).toBeGreaterThan(1);
    expect(images.filter((img) => !img.complete || img.width !== 640)).toEqual([]);
    await e.browser.screenshot('hostile-images', 1280);
    await e.goto(`/items/${ids[6]}`);
    await e.browser.screenshot('hostile-media', 390);
    const proxied = e.browser.requests
      .filter((url) => url.startsWith(`${e.url}/img?`))
      .map((url) => new URL(url).searchParams.get('u'));
    expect(proxied).toEqual(
      expect.arrayContaining(['http://tracker.invalid/p.png', 'https://evil.example/a.jpg']),
    );
  });

  it('the reading view with remote images blocked shows placeholders and loads none', async () => {
    await updateUser(e.app.db.kysely, user.id, { settings: JSON.stringify({ images: 'block' }) });
    e.browser.requests.length = 0;
    await e.goto(`/items/${ids[1]}`);
    await e.page.waitForLoadState('networkidle');
    expect(await e.page.locator('.content img').count()).toBe(0);
    expect(await e.page.locator('.content .blocked-image').count()).toBeGreaterThan(1);
    expect(e.browser.requests.filter((url) => url.includes('/img?'))).toEqual([]);
    await expectInert('blocked images');
    await updateUser(e.app.db.kysely, user.id, { settings: JSON.stringify({ images: 'proxy' }) });
  });

  it('search, later, starred and sources lists', async () => {
    await e.goto('/search?q=after');
    expect(await e.page.locator('li.item').count()).toBeGreaterThan(0);
    await expectInert('/search');
    for (const path of ['/later', '/starred', '/sources', '/ledger']) {
      await e.goto(path);
      await expectInert(path);
    }
  });
});
