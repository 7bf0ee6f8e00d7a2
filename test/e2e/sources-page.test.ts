/**
 * The Sources page at twenty sources, in Chromium: an OPML file with folders (nested ones
 * too) is imported and shows as collapsible category groups sorted case-insensitively, with
 * the pushed sources (ntfy, a webhook) apart; the filter box narrows the list; a source's page
 * lists its items in pages with their fetch history; renaming and moving a source (to a new
 * category typed in, then to an existing one), a refused name keeping what was typed; and a
 * feed added as `127.0.0.1:port/path`, without a scheme. Screenshots at 1280 and 390 px.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSource } from '../../src/db/repos/sources.ts';
import type { UserRow } from '../../src/db/schema.ts';
import { type E2e, startE2e } from '../helpers/e2e.ts';
import { rss, type TestEntry } from '../helpers/feeds.ts';

const OPML = readFileSync(
  new URL('../fixtures/opml/checkpoint/folders.opml', import.meta.url),
  'utf8',
);

/** 60 entries for River Notes (two pages), two for the others (one from 2019: its year shows). */
function entriesOf(name: string): TestEntry[] {
  const count = name === 'river' ? 60 : 2;
  return Array.from({ length: count }, (_, i) => ({
    guid: `${name}-${i}`,
    title: `${name} post ${i + 1}`,
    link: `https://${name}.example/posts/${i + 1}`,
    date:
      i === 0 && name !== 'river'
        ? 'Tue, 05 Mar 2019 09:00:00 GMT'
        : new Date(Date.UTC(2026, 2, 1, 6) - i * 3_600_000).toUTCString(),
  }));
}

describe('the Sources page at twenty sources', () => {
  let e: E2e;
  let user: UserRow;
  const lines = () => e.page.locator('li.source');
  const names = async (group: string) =>
    await e.page
      .locator('details.source-group', { has: e.page.locator('summary', { hasText: group }) })
      .locator('.source-name')
      .allTextContents();

  beforeAll(async () => {
    e = await startE2e();
    e.site.route('/feeds/*', (_req, res, url) => {
      const name = url.pathname.split('/').at(-1)!.replace('.xml', '');
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss(`${name} feed`, entriesOf(name), `https://${name}.example/`));
    });
    user = await e.setupAndLogin();
    const base = { user_id: user.id, url: null, interval_minutes: 60, next_check_at: 0 };
    await insertSource(e.app.db.kysely, {
      ...base,
      kind: 'ntfy',
      name: 'phone alerts',
      created_at: 0,
    });
    await insertSource(e.app.db.kysely, {
      ...base,
      kind: 'webhook',
      name: 'Deploys',
      created_at: 0,
    });
  });
  afterAll(async () => {
    await e?.close();
  });

  it('imports OPML folders as groups, sorted, with the pushed sources apart', async () => {
    const { page } = e;
    await e.goto('/sources');
    await page.setInputFiles('#opml', {
      name: 'subscriptions.opml',
      mimeType: 'text/x-opml',
      buffer: Buffer.from(OPML.replaceAll('{{SITE}}', e.site.url)),
    });
    await page.click('#opml-form button[type=submit]');
    await expect.poll(() => lines().count(), { timeout: 30_000 }).toBe(20);
    expect(await page.locator('h2', { hasText: 'All your sources' }).textContent()).toContain(
      '20 sources',
    );
    expect(
      await page.locator('details.source-group > summary .source-group-name').allTextContents(),
    ).toEqual(['Blogs', 'News', 'Tech', 'Tech/Web', 'No category']);
    expect(await names('Blogs')).toEqual([
      '2 Wheels',
      '10 Minute Recipes',
      'Allotment Diary',
      'River Notes',
      'zebra crossings',
    ]);
    expect(await names('News')).toEqual([
      'Ärzteblatt',
      'city council minutes',
      'Evening Post',
      'harbour Gazette',
      'Weather Desk',
    ]);
    // Pushed sources are listed apart, never fetched: no "next fetch" on their lines.
    const pushed = page.locator('[data-source-section]', { hasText: 'Pushed to Checkpoint' });
    expect(await pushed.locator('.source-name').allTextContents()).toEqual([
      'Deploys',
      'phone alerts',
    ]);
    expect(await pushed.locator('.source-state').first().textContent()).toBe(
      'OK · receives pushes',
    );
    // One line per source: the name, its unread count, its status and next fetch.
    const river = page.locator('li.source', { hasText: 'River Notes' });
    expect(await river.locator('.source-unread').textContent()).toBe('60 unread');
    expect(await river.locator('.source-state').textContent()).toMatch(
      /^OK · next \d+ Mar, \d\d:\d\d$/,
    );
    const height = await river.evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeLessThan(48);
    // A group folds away (no script needed: details/summary).
    await page.locator('details.source-group > summary', { hasText: 'Tech/Web' }).click();
    expect(await page.locator('li.source', { hasText: 'Browser Engines' }).isVisible()).toBe(false);
    await page.locator('details.source-group > summary', { hasText: 'Tech/Web' }).click();
    await e.browser.screenshot('sources-list', 1280);
    await e.browser.screenshot('sources-list', 390);
    expect(e.browser.pageErrors).toEqual([]);
  });

  it('the filter box narrows the list by name, category or kind', async () => {
    const { page } = e;
    await e.goto('/sources');
    const filter = page.locator('#source-filter');
    expect(await filter.isVisible()).toBe(true);
    await filter.fill('web');
    const visible = async () =>
      await page.locator('li.source:visible .source-name').allTextContents();
    expect(await visible()).toEqual([
      'a11y weekly',
      'Browser Engines',
      'CSS Tricks and Treats',
      'Deploys',
    ]);
    await filter.fill('RIVER');
    expect(await visible()).toEqual(['River Notes']);
    expect(await page.locator('details.source-group:visible').count()).toBe(1);
    await filter.fill('nothing like this');
    expect(await visible()).toEqual([]);
    expect(await page.locator('[data-source-no-match]').textContent()).toBe(
      'No source matches “nothing like this”.',
    );
    await filter.fill('');
    expect(await lines().count()).toBe(20);
    expect(await page.locator('li.source:visible').count()).toBe(20);
  });

  it("a source's page: items in pages, newest first, and the fetch history", async () => {
    const { page } = e;
    await e.goto('/sources');
    await Promise.all([
      page.waitForURL(/\/sources\/\d+$/),
      page.locator('a.source-name', { hasText: 'River Notes' }).click(),
    ]);
    expect(await page.locator('h1').textContent()).toBe('River Notes');
    const items = page.locator('.source-items li');
    expect(await items.count()).toBe(50);
    expect(await items.first().locator('a').textContent()).toBe('river post 1');
    expect(await items.first().locator('a').getAttribute('href')).toMatch(/^\/items\/\d+$/);
    const history = page.locator('table.fetch-history tbody tr');
    expect(await history.count()).toBe(1);
    expect(await history.first().locator('td').allTextContents()).toEqual([
      expect.stringMatching(/^2 Mar, \d\d:\d\d$/),
      'Fetched',
      '60',
      '200',
      expect.stringMatching(/^\d+ ms$/),
      '',
    ]);
    await e.browser.screenshot('source-page', 1280);
    await e.browser.screenshot('source-page', 390);
    await e.submit('.pager a[rel=next]');
    expect(page.url()).toMatch(/\?page=2$/);
    expect(await items.count()).toBe(10);
    expect(await items.last().locator('a').textContent()).toBe('river post 60');
    await e.submit('.pager a[rel=prev]');
    expect(await items.count()).toBe(50);

    // An old post shows its year.
    await e.goto('/sources');
    await Promise.all([
      page.waitForURL(/\/sources\/\d+$/),
      page.locator('a.source-name', { hasText: 'Loose Ends' }).click(),
    ]);
    expect(await page.locator('.source-items li').last().textContent()).toContain('5 Mar 2019');
  });

  it('renames and moves a source, to a new category and then to an existing one', async () => {
    const { page } = e;
    await e.goto('/sources');
    await Promise.all([
      page.waitForURL(/\/sources\/\d+$/),
      page.locator('a.source-name', { hasText: 'Loose Ends' }).click(),
    ]);
    const here = page.url();
    await page.fill('#source-title', 'Loose ends (odds and sods)');
    await page.fill('#source-category', 'Miscellany');
    await e.submit('#place-form button[type=submit]');
    expect(page.url()).toBe(`${here}?saved=1`);
    expect(await page.locator('.notice').textContent()).toBe('Saved.');
    expect(await page.locator('h1').textContent()).toBe('Loose ends (odds and sods)');
    expect(await page.locator('.source-facts').textContent()).toContain('in Miscellany');

    // A name of spaces is refused; what was typed in the other field stays.
    await page.fill('#source-title', '   ');
    await page.fill('#source-category', 'Blogs');
    await e.submit('#place-form button[type=submit]');
    expect(await page.locator('.notice.error').textContent()).toBe(
      'A name must be 1 to 300 characters.',
    );
    expect(await page.locator('#source-category').inputValue()).toBe('Blogs');
    // The existing categories are offered as suggestions.
    expect(
      await page
        .locator('#source-categories option')
        .evaluateAll((o) => o.map((x) => x.getAttribute('value'))),
    ).toEqual(['Blogs', 'Miscellany', 'News', 'Tech', 'Tech/Web']);
    await page.fill('#source-title', 'Loose ends');
    await e.submit('#place-form button[type=submit]');

    await e.goto('/sources');
    expect(await names('Blogs')).toContain('Loose ends');
    expect(await names('No category')).toEqual(['The Long Read']);
    expect(e.browser.pageErrors).toEqual([]);
  });

  it('adds a feed typed without a scheme (https fails on 127.0.0.1, then http works)', async () => {
    const { page } = e;
    await e.goto('/sources');
    expect(await page.locator('#url').getAttribute('type')).toBe('text');
    await page.fill('#url', `127.0.0.1:${e.site.port}/feeds/extra.xml`);
    await e.submit('form[action="/sources"] button.primary');
    expect(await page.locator('.notice').first().textContent()).toContain('extra feed');
    expect(await lines().count()).toBe(21);
    await page.fill('#url', `127.0.0.1:${e.site.port}/missing`);
    await e.submit('form[action="/sources"] button.primary');
    const error = await page.locator('.notice.error').textContent();
    expect(error).toContain(`https://127.0.0.1:${e.site.port}/missing`);
    expect(error).toContain(`http://127.0.0.1:${e.site.port}/missing`);
  });

  it('in Dutch: the groups, the pushed sources and a source page', async () => {
    const { page } = e;
    await e.setLocale(user.id, 'nl');
    await e.goto('/sources');
    expect(await page.locator('h2', { hasText: 'Al je bronnen' }).textContent()).toContain(
      '21 bronnen',
    );
    expect(
      await page.locator('details.source-group > summary .source-group-name').last().textContent(),
    ).toBe('Geen categorie');
    expect(await page.locator('h3.source-section').allTextContents()).toEqual([
      'Feeds en opgehaalde bronnen',
      'Naar Checkpoint gepusht',
    ]);
    await e.browser.screenshot('sources-list-nl', 1280);
    await e.browser.screenshot('sources-list-nl', 390);
    await Promise.all([
      page.waitForURL(/\/sources\/\d+$/),
      page.locator('a.source-name', { hasText: 'Weather Desk' }).click(),
    ]);
    expect(await page.locator('table.fetch-history tbody td').nth(1).textContent()).toBe(
      'Opgehaald',
    );
    await e.browser.screenshot('source-page-nl', 1280);
    await e.browser.screenshot('source-page-nl', 390);
    expect(e.browser.pageErrors).toEqual([]);
  });
});
