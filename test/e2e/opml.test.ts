/**
 * OPML import in Chromium: the upload starts a job, the `<progress>` bar advances while the
 * new feeds are fetched (the fixture server holds each feed until the test lets it go, so the
 * steps are observed without timing), finishes, and the sources appear.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe } from '../../src/services/sources/sources.ts';
import { type E2e, startE2e } from '../helpers/e2e.ts';
import { rss } from '../helpers/feeds.ts';

const FEEDS = ['alpha', 'beta', 'gamma', 'delta'];

describe('OPML import', () => {
  let e: E2e;
  /** Feeds the fixture server holds back until `release(name)`. */
  const held = new Map<string, ServerResponse>();
  const released = new Set<string>();

  function answer(name: string, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(
      rss(`The ${name} letter`, [
        { guid: `${name}-1`, title: `First ${name} post`, date: 'Mon, 02 Mar 2026 06:00:00 GMT' },
      ]),
    );
  }

  function release(name: string): void {
    released.add(name);
    const res = held.get(name);
    held.delete(name);
    if (res) answer(name, res);
  }

  beforeAll(async () => {
    e = await startE2e();
    e.site.route('/opml/*', (_req, res, url) => {
      const name = url.pathname.split('/').at(-1)!.replace('.xml', '');
      if (released.has(name)) answer(name, res);
      else held.set(name, res);
    });
  });
  afterAll(async () => {
    for (const name of FEEDS) release(name);
    await e?.close();
  });

  it('shows a progress bar that advances, finishes, and lists the new sources', async () => {
    const { page } = e;
    const user = await e.setupAndLogin();
    await subscribe(e.app, user.id, e.site.urlFor('/blog/feed.xml'));
    await e.goto('/sources');
    expect(await page.locator('#opml-progress').isHidden()).toBe(true);

    // Every value the bar takes, recorded in the page as it changes.
    await page.evaluate(() => {
      const bar = document.querySelector('#opml-progress')!;
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() =>
        seen.push(`${bar.getAttribute('value')}/${bar.getAttribute('max')}`),
      ).observe(bar, { attributes: true, attributeFilter: ['value', 'max'] });
    });
    const outlines = [
      ...FEEDS.map(
        (name) =>
          `<outline type="rss" text="The ${name} letter" xmlUrl="${e.site.urlFor(`/opml/${name}.xml`)}"/>`,
      ),
      `<outline type="rss" text="Already followed" xmlUrl="${e.site.urlFor('/blog/feed.xml')}"/>`,
    ];
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body><outline text="Letters">${outlines.join('')}</outline></body></opml>`;
    await page.setInputFiles('#opml', {
      name: 'subscriptions.opml',
      mimeType: 'text/x-opml',
      buffer: Buffer.from(opml),
    });
    await page.click('#opml-form button[type=submit]');

    // Adding is done (5 outlines), fetching has not finished any feed: the bar is at 5 of 9.
    const bar = page.locator('#opml-progress');
    await expect.poll(() => bar.isVisible()).toBe(true);
    await expect
      .poll(() => page.locator('#opml-status').textContent())
      .toBe('Fetching the new feeds: 0 of 4');
    expect(await bar.evaluate((el: HTMLProgressElement) => [el.value, el.max])).toEqual([5, 9]);

    // One feed answers: the bar advances by one step.
    release('alpha');
    await expect
      .poll(() => page.locator('#opml-status').textContent())
      .toBe('Fetching the new feeds: 1 of 4');
    expect(await bar.evaluate((el: HTMLProgressElement) => [el.value, el.max])).toEqual([6, 9]);
    await e.browser.screenshot('sources-opml-progress', 1280);
    await e.browser.screenshot('sources-opml-progress', 390);

    // The rest answer: the bar is full and the summary is shown.
    for (const name of FEEDS) release(name);
    await expect
      .poll(() => page.locator('#opml-status').textContent())
      .toBe('4 added, 1 already followed, 0 lines skipped.');
    expect(await bar.evaluate((el: HTMLProgressElement) => el.value === el.max)).toBe(true);
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    const fractions = seen.map((s) => s.split('/').map(Number)).map(([v, m]) => v! / m!);
    expect(fractions.length).toBeGreaterThanOrEqual(3);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);

    // The page reloads itself and lists the new sources, fetched.
    await expect.poll(() => page.locator('li.source').count(), { timeout: 10_000 }).toBe(5);
    // The summary stays after the reload, until it is dismissed.
    expect(await page.locator('#opml-status').textContent()).toBe(
      '4 added, 1 already followed, 0 lines skipped.',
    );
    expect(await page.locator('#opml-dismiss').isVisible()).toBe(true);
    expect(await page.locator('li.source .source-name').allTextContents()).toEqual(
      expect.arrayContaining(FEEDS.map((n) => `The ${n} letter`)),
    );
    const items = await e.app.db.kysely
      .selectFrom('items')
      .select('title')
      .where('user_id', '=', user.id)
      .where('title', 'like', 'First %')
      .execute();
    expect(items.map((i) => i.title).sort()).toEqual(FEEDS.map((n) => `First ${n} post`).sort());
    const categories = await e.app.db.kysely
      .selectFrom('categories')
      .select('name')
      .where('user_id', '=', user.id)
      .execute();
    expect(categories.map((c) => c.name)).toEqual(['Letters']);
    expect(e.browser.pageErrors).toEqual([]);
  });
});
