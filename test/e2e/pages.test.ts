/**
 * Every page of the web app, rendered in Chromium with realistic data: screenshots at 1280
 * and 390 px in light and dark mode (test-artifacts/screenshots/), axe-core with no serious
 * or critical violation, no horizontal scrolling at 360 px, no CSP violation of our own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateUser } from '../../src/db/repos/users.ts';
import type { UserRow } from '../../src/db/schema.ts';
import { type LedgerEvent, recordEvents } from '../../src/services/checkpoints/ledger.ts';
import { addRule } from '../../src/services/checkpoints/rules.ts';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import { addFeedWithoutFetch, subscribe } from '../../src/services/sources/sources.ts';
import { type E2e, FIRST_DUE, startE2e } from '../helpers/e2e.ts';
import { auditPage, serious } from '../helpers/page-audit.ts';

describe('every page, light and dark, 1280 and 390 px', () => {
  let e: E2e;
  let user: UserRow;
  let inviteUrl = '';

  /** Screenshots and checks of the page currently open. */
  async function check(name: string, options: { fullPage?: boolean } = {}): Promise<void> {
    const audit = await auditPage(e.browser, name, options);
    expect(audit.passes, `${name}: axe ran`).toBeGreaterThan(10);
    expect(serious(audit.violations), name).toEqual([]);
    expect(audit.overflow360, `${name}: horizontal scrolling at 360 px`).toBe(0);
    expect(
      e.browser.console.filter((line) => /Content Security Policy/i.test(line)),
      name,
    ).toEqual([]);
    expect(e.browser.pageErrors, name).toEqual([]);
  }

  /** Runs `fn` with the viewport at `width` px (a phone by default), then goes back. */
  async function atWidth<T>(fn: () => Promise<T>, width = 390): Promise<T> {
    const before = e.page.viewportSize();
    await e.page.setViewportSize({ width, height: 844 });
    try {
      return await fn();
    } finally {
      if (before) await e.page.setViewportSize(before);
    }
  }

  beforeAll(async () => {
    e = await startE2e();
  });
  afterAll(async () => {
    await e?.close();
  });

  it('setup page', async () => {
    await e.goto('/setup');
    expect(await e.page.locator('h1').textContent()).toContain('Welcome to Checkpoint');
    await check('setup');
    user = await e.setupInUi();
  });

  it('sources, with one failing and one paused source', async () => {
    await subscribe(e.app, user.id, e.site.urlFor('/blog/'));
    await subscribe(e.app, user.id, e.site.urlFor('/evening/feed.xml'));
    const { source: broken } = await addFeedWithoutFetch(e.app, user.id, {
      url: e.site.urlFor('/gone/feed.xml'),
      name: 'Old Town Gazette',
      siteUrl: null,
      category: null,
    });
    await refreshSource(e.app, broken);
    const { source: paused } = await addFeedWithoutFetch(e.app, user.id, {
      url: e.site.urlFor('/two/news.xml'),
      name: 'Two Rivers — news',
      siteUrl: 'https://two-rivers.example/',
      category: null,
    });
    await e.app.db.kysely
      .updateTable('sources')
      .set({ enabled: 0 })
      .where('id', '=', paused.id)
      .execute();
    await e.goto('/sources');
    expect(await e.page.locator('li.source').count()).toBe(4);
    // Each source's details and actions are on its own page: a failing one here.
    await e.goto(`/sources/${broken.id}`);
    expect(await e.page.locator('table.fetch-history tbody tr').count()).toBe(1);
    // Open the "remove" confirmation and the settings, so that both are seen and checked.
    await e.page.locator('details.confirm > summary').first().click();
    await e.page.locator('details.settings > summary').first().click();
    // The open confirmation stays inside its own card: it never covers the next one.
    for (const width of [1280, 390]) {
      const gap = await atWidth(
        () =>
          e.page.evaluate(() => {
            const form = document.querySelector('details.confirm[open] > form')!;
            const card = form.closest('.card')!;
            const next = card.nextElementSibling!;
            const below = next.getBoundingClientRect();
            const box = card.getBoundingClientRect();
            return {
              inside: box.bottom - form.getBoundingClientRect().bottom,
              // Side by side (wide) or one under the other (phone): never overlapping.
              toNext: Math.max(below.top - box.bottom, below.left - box.right),
            };
          }),
        width,
      );
      expect(gap.inside, `${width} px`).toBeGreaterThan(0);
      expect(gap.toNext, `${width} px`).toBeGreaterThanOrEqual(0);
    }
    await check('source-page');
    await e.goto('/sources');
    // On a phone the four tabs are a tidy two by two: two rows, equal widths.
    const tabs = await atWidth(() =>
      e.page
        .locator('.subnav a')
        .evaluateAll((links) =>
          links.map((a) => a.getBoundingClientRect()).map((r) => [r.top, r.width]),
        ),
    );
    expect(new Set(tabs.map(([top]) => top)).size).toBe(2);
    expect(
      Math.max(...tabs.map(([, w]) => w!)) - Math.min(...tabs.map(([, w]) => w!)),
    ).toBeLessThan(1);
    await check('sources');
  });

  it('sources: "choose a feed" when a site offers several', async () => {
    await e.goto('/sources');
    await e.page.fill('#url', e.site.urlFor('/two/'));
    await Promise.all([
      e.page.waitForLoadState('load'),
      e.page.click('form[action="/sources"] button.primary'),
    ]);
    expect(await e.page.locator('input[name=pick]').count()).toBe(2);
    await check('sources-choose');
  });

  it('checkpoint, quiet between checkpoints', async () => {
    await e.goto('/checkpoint');
    expect(await e.page.locator('.quiet').count()).toBe(1);
    await check('checkpoint-quiet');
  });

  it('after "Pull now": what has arrived, recorded as a pull', async () => {
    await e.goto('/checkpoint');
    await Promise.all([
      e.page.waitForLoadState('load'),
      e.page.click('form[action="/pull"] button'),
    ]);
    expect(await e.page.locator('h1').textContent()).toBe('Pulled now');
    expect(await e.page.locator('li.item[data-item]').count()).toBeGreaterThan(3);
    await check('pulled');
  });

  it('checkpoint with items', async () => {
    const built = await e.buildAt(FIRST_DUE);
    expect(built[0]!.checkpoint.itemCount).toBeGreaterThan(3);
    await e.goto('/checkpoint');
    const first = e.page.locator('li.item[data-item]').first();
    await first.locator('[data-action=star]').click();
    await expect
      .poll(() => first.locator('[data-action=star]').getAttribute('aria-pressed'))
      .toBe('true');
    await e.page.locator('details.why summary').first().click();
    // Both Done buttons sit on the same side, on a phone too; the main navigation is one line.
    for (const width of [1280, 390]) {
      const rights = await atWidth(
        () =>
          e.page
            .locator('button.primary', { hasText: 'Done' })
            .evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().right)),
        width,
      );
      expect(rights, `${width} px`).toHaveLength(2);
      expect(Math.abs(rights[0]! - rights[1]!), `${width} px`).toBeLessThan(1);
    }
    const navRows = await atWidth(() =>
      e.page.locator('.nav a').evaluateAll(
        (links) =>
          // Links under the closed "More" menu of a phone are not shown, so not counted.
          new Set(
            (links as HTMLElement[]).filter((a) => a.checkVisibility()).map((a) => a.offsetTop),
          ).size,
      ),
    );
    expect(navRows).toBe(1);
    await check('checkpoint');
  });

  it('the keyboard help (press ?)', async () => {
    await e.goto('/checkpoint');
    await e.page.keyboard.press('?');
    expect(await e.page.locator('dialog#help').evaluate((d: HTMLDialogElement) => d.open)).toBe(
      true,
    );
    // The viewport only: a full-page shot would show the backdrop ending half-way.
    await check('help', { fullPage: false });
    await e.page.keyboard.press('Escape');
  });

  it('Dutch: the checkpoint with its reasons, and the Sources tabs', async () => {
    await updateUser(e.app.db.kysely, user.id, { locale: 'nl' });
    try {
      await e.goto('/checkpoint');
      await e.page.locator('details.why summary').first().click();
      expect(await e.page.locator('details.why summary').first().textContent()).toBe(
        'Waarom staat dit hier?',
      );
      await check('checkpoint-nl');
      await e.goto('/sources/social');
      expect(await e.page.locator('.subnav a').allTextContents()).toEqual([
        'Feeds',
        'Nieuwsbrieven',
        'Sociaal & telefoon',
        'Importeren',
      ]);
      await check('social-nl');
    } finally {
      await updateUser(e.app.db.kysely, user.id, { locale: 'en' });
    }
  });

  it('reading view, with a remote image shown through the proxy', async () => {
    const item = await e.app.db.kysely
      .selectFrom('items')
      .select('id')
      .where('title', 'like', 'Harbour bridge%')
      .executeTakeFirstOrThrow();
    await e.goto(`/items/${item.id}`);
    const image = e.page.locator('article.reader .content img');
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(640);
    expect(await image.getAttribute('src')).toMatch(/^\/img\?u=/);
    await check('reading');
  });

  it('later', async () => {
    await e.goto('/later');
    expect(await e.page.locator('li.item').count()).toBeGreaterThan(0);
    await check('later');
  });

  it('starred', async () => {
    await e.goto('/starred');
    expect(await e.page.locator('li.item').count()).toBe(1);
    await check('starred');
  });

  it('search', async () => {
    await e.goto('/search?q=harbour');
    expect(await e.page.locator('li.item').count()).toBeGreaterThan(1);
    await check('search');
  });

  it('rules, with a preview shown', async () => {
    await addRule(e.app, user.id, {
      name: 'Quiet the weather',
      when: [{ field: 'title', op: 'contains', value: 'rain' }],
      action: 'mute',
    });
    await e.goto('/rules');
    await e.page.fill('#name', 'Library news first');
    await e.page.selectOption('#field0', 'title');
    await e.page.fill('#value0', 'library');
    await e.page.selectOption('#action', 'boost');
    await e.page.click('#rule-preview');
    await expect
      .poll(() => e.page.locator('#rule-preview-result').textContent())
      .toBe('In the last 7 days this rule would have matched 1 item.');
    await check('rules');
  });

  it('schedule', async () => {
    await e.goto('/schedule');
    expect(await e.page.locator('#times-mon').inputValue()).toBe('08:00, 12:30, 17:00');
    await check('schedule');
  });

  it('ledger with two weeks of data', async () => {
    const events: LedgerEvent[] = [];
    const noon = new Date('2026-03-02T11:00:00Z').getTime();
    for (let d = 0; d < 14; d++) {
      const at = noon - d * 86_400_000;
      const pushes = [14, 9, 22, 17, 6, 3, 19, 25, 12, 8, 15, 2, 4, 18][d]!;
      events.push({
        userId: user.id,
        at,
        type: 'held',
        count: pushes,
        data: { wouldPush: pushes },
      });
      events.push({ userId: user.id, at, type: 'checkpoint.built', count: d % 7 >= 5 ? 1 : 3 });
      events.push({ userId: user.id, at, type: 'checkpoint.opened', count: d % 7 >= 5 ? 1 : 2 });
      events.push({ userId: user.id, at, type: 'checkpoint.notice', count: d % 7 >= 5 ? 0 : 2 });
      if (d % 4 === 1) events.push({ userId: user.id, at, type: 'breakthrough', count: 1 });
      if (d % 3 === 0) events.push({ userId: user.id, at, type: 'pull', count: 1 });
      events.push({ userId: user.id, at, type: 'item.read', count: 5 + (d % 6) });
      events.push({ userId: user.id, at, type: 'item.dismissed', count: d % 5 });
    }
    await recordEvents(e.app.db.kysely, events);
    await e.goto('/ledger');
    expect(await e.page.locator('table.list tbody tr').count()).toBe(14);
    // On a phone: the table scrolls sideways (and says so), headers break between words only,
    // the dates stay in view, and the chart's labels are readable.
    const phone = await atWidth(() =>
      e.page.evaluate(() => {
        const wrap = document.querySelector<HTMLElement>('.table-wrap')!;
        const hint = document.querySelector<HTMLElement>('.table-hint')!;
        const splitWords = [...document.querySelectorAll('table.list th')].flatMap((th) => {
          const text = th.firstChild;
          if (!text || text.nodeType !== Node.TEXT_NODE) return [];
          const words: string[] = [];
          const value = text.textContent ?? '';
          for (const match of value.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(text, match.index);
            range.setEnd(text, match.index + match[0].length);
            if (range.getClientRects().length > 1) words.push(match[0]);
          }
          return words;
        });
        wrap.scrollLeft = 400;
        const date = document.querySelector('table.list tbody td.date')!.getBoundingClientRect();
        const labels = [...document.querySelectorAll<SVGTextElement>('.chart text')]
          .filter((t) => getComputedStyle(t).display !== 'none')
          .map((t) => t.getBoundingClientRect().height);
        wrap.scrollLeft = 0;
        return {
          scrolls: wrap.scrollWidth > wrap.clientWidth,
          hint: hint.offsetHeight > 0,
          splitWords,
          dateLeft: date.left - wrap.getBoundingClientRect().left,
          smallestLabel: Math.min(...labels),
          labels: labels.length,
        };
      }),
    );
    expect(phone).toMatchObject({ scrolls: true, hint: true, splitWords: [], dateLeft: 0 });
    expect(phone.smallestLabel).toBeGreaterThanOrEqual(12);
    expect(phone.labels).toBeGreaterThanOrEqual(5);
    await check('ledger');
  });

  it('settings, with a new API token shown once', async () => {
    await e.goto('/settings');
    await e.page.fill('#label', 'phone widget');
    await Promise.all([
      e.page.waitForLoadState('load'),
      e.page.click('form[action="/settings/tokens"] button'),
    ]);
    expect(await e.page.locator('#new-token').inputValue()).toMatch(/^cp/);
    await check('settings');
  });

  it('admin: users and a new invite link', async () => {
    await e.addUser('grace@example.org');
    await e.goto('/admin/users');
    await Promise.all([
      e.page.waitForLoadState('load'),
      e.page.click('form[action="/admin/invites"] button.primary'),
    ]);
    inviteUrl = await e.page.locator('#invite-url').inputValue();
    expect(inviteUrl).toMatch(/\/invite\/inv_/);
    expect(await e.page.locator('main li.item').count()).toBe(2);
    await check('admin-users');
  });

  it('error page', async () => {
    const response = await e.page.goto(`${e.url}/items/987654`);
    expect(response?.status()).toBe(404);
    await check('error');
  });

  it('login page (after logging out) and invite page', async () => {
    await e.goto('/checkpoint');
    await Promise.all([e.page.waitForURL('**/login'), e.page.click('form.logout button')]);
    await check('login');
    await e.page.goto(new URL(new URL(inviteUrl).pathname, e.url).toString());
    expect(await e.page.locator('h1').textContent()).toContain('Join Checkpoint');
    await check('invite');
  });
});
