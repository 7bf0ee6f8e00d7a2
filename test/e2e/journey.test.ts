/**
 * The first-run journey in Chromium: setup → add a feed by its site's URL (discovery) → the
 * items are fetched → a checkpoint is built at its due time (TestClock) → read, star (s),
 * dismiss (d), done (x) → search → a rule with a 7-day preview → the ledger shows the day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/domain/schedule.ts';
import { ledgerDays } from '../../src/services/checkpoints/ledger.ts';
import { BLOG_POSTS, type E2e, FIRST_DUE, startE2e, TZ } from '../helpers/e2e.ts';

describe('first-run journey', () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e();
  });
  afterAll(async () => {
    await e?.close();
  });

  it('sets up, subscribes by site URL, reads a checkpoint, searches, builds a rule and shows the ledger', async () => {
    const { page, app } = e;

    // 1. First-run setup (the suggested breakthrough rule is offered and kept).
    const user = await e.setupInUi({ tz: TZ, locale: 'en', rule: true });
    expect(user).toMatchObject({ tz: TZ, locale: 'en', role: 'admin' });
    expect(user.password_hash).not.toBeNull();
    const rules = await app.db.kysely
      .selectFrom('rules')
      .select(['name', 'enabled'])
      .where('user_id', '=', user.id)
      .execute();
    expect(rules).toHaveLength(1);

    // 2. Add a feed by the address of its web site: discovery through <link rel=alternate>.
    await page.fill('#url', e.site.urlFor('/blog/'));
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action="/sources"] button.primary'),
    ]);
    await expect
      .poll(() => page.locator('p.notice[role=status]').textContent())
      .toContain('Harbour Town Journal');
    await expect.poll(() => page.locator('li.source').count()).toBe(1);
    const source = await app.db.kysely
      .selectFrom('sources')
      .selectAll()
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(source.url).toBe(e.site.urlFor('/blog/feed.xml'));
    expect(e.site.hits('/blog/')).toBe(1);

    // 3. The items were fetched and are held.
    const items = await app.db.kysely
      .selectFrom('items')
      .select(['id', 'title'])
      .where('source_id', '=', source.id)
      .execute();
    expect(items.map((i) => i.title).sort()).toEqual(BLOG_POSTS.map((p) => p.title).sort());

    // Between checkpoints the page says only when the next one is: no count of waiting items.
    await e.goto('/checkpoint');
    await expect.poll(() => page.locator('.quiet .when').textContent()).toMatch(/12:30/);
    expect(await page.locator('main').textContent()).not.toMatch(/\b6\b/);

    // 4. The 12:30 checkpoint is built when the clock reaches it.
    const built = await e.buildAt(FIRST_DUE);
    expect(built).toHaveLength(1);
    const checkpointId = built[0]!.checkpoint.id;
    await e.goto('/checkpoint');
    await expect.poll(() => page.locator('h1').textContent()).toContain('12:30');
    const cards = page.locator('li.item[data-item]');
    const shown = await cards.count();
    expect(shown).toBe(built[0]!.checkpoint.itemCount);
    expect(shown).toBeGreaterThanOrEqual(3);

    // 5. Read: open the first item in the reading view (it is marked read).
    const firstId = Number(await cards.nth(0).getAttribute('data-item'));
    await Promise.all([
      page.waitForURL(`**/items/${firstId}`),
      cards.nth(0).locator('a.item-title').click(),
    ]);
    await expect.poll(() => page.locator('article.reader h1').textContent()).toBeTruthy();
    expect(await page.locator('article.reader .content p').count()).toBeGreaterThan(1);
    const read = await app.db.kysely
      .selectFrom('items')
      .select('read_at')
      .where('id', '=', firstId)
      .executeTakeFirstOrThrow();
    expect(read.read_at).not.toBeNull();
    await e.goto('/checkpoint');

    // 6. Star the first item with `s`, dismiss the second with `d` (in place, no reload).
    await page.keyboard.press('j');
    await expect.poll(() => cards.nth(0).getAttribute('class')).toContain('current');
    await page.keyboard.press('s');
    await expect
      .poll(() => cards.nth(0).locator('[data-action=star]').getAttribute('aria-pressed'))
      .toBe('true');
    await page.keyboard.press('j');
    const secondId = Number(await cards.nth(1).getAttribute('data-item'));
    await page.keyboard.press('d');
    await expect.poll(() => cards.nth(1).getAttribute('class')).toContain('dismissed');
    const states = await app.db.kysely
      .selectFrom('items')
      .select(['id', 'starred_at', 'dismissed_at'])
      .where('id', 'in', [firstId, secondId])
      .execute();
    expect(states.find((s) => s.id === firstId)!.starred_at).not.toBeNull();
    expect(states.find((s) => s.id === secondId)!.dismissed_at).not.toBeNull();

    // 7. Done with `x`: the checkpoint is done and the page is quiet again.
    await Promise.all([
      page.waitForURL('**/checkpoint'),
      page.waitForEvent('load'),
      page.keyboard.press('x'),
    ]);
    await expect.poll(() => page.locator('.quiet').count()).toBe(1);
    const checkpoint = await app.db.kysely
      .selectFrom('checkpoints')
      .selectAll()
      .where('id', '=', checkpointId)
      .executeTakeFirstOrThrow();
    expect(checkpoint.done_at).not.toBeNull();
    expect(checkpoint.opened_at).not.toBeNull();

    // 7b. The private Atom feed links to this checkpoint: it still shows its items, done.
    await e.goto(`/checkpoint?id=${checkpointId}`);
    expect(await page.locator('li.item').count()).toBeGreaterThan(0);
    expect(await page.locator('#done-form').count()).toBe(0);
    expect(await page.locator('.digest-head .muted').textContent()).toMatch(/^Finished: /);

    // 8. Search finds an item by a word of its text.
    await e.goto('/search');
    await page.fill('#q', 'ferries');
    await Promise.all([page.waitForURL('**/search?q=ferries'), page.keyboard.press('Enter')]);
    const results = page.locator('ul.items li.item a.item-title');
    await expect
      .poll(() => results.allTextContents())
      .toEqual(['Why the harbour ferries run late in winter']);

    // 9. A rule built in the form: "Preview" shows how many items it would have matched.
    await e.goto('/rules');
    await page.fill('#name', 'Harbour news');
    await page.selectOption('#field0', 'title');
    await page.selectOption('#op0', 'contains');
    await page.fill('#value0', 'harbour');
    await page.selectOption('#action', 'tag');
    await page.fill('#tag', 'harbour');
    await page.click('#rule-preview');
    const matching = BLOG_POSTS.filter((p) => /harbour/i.test(p.title)).length;
    await expect
      .poll(() => page.locator('#rule-preview-result').textContent())
      .toBe(`In the last 7 days this rule would have matched ${matching} items.`);
    expect(
      await app.db.kysely.selectFrom('rules').select('id').where('user_id', '=', user.id).execute(),
    ).toHaveLength(1);
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action="/rules"] button.primary'),
    ]);
    await expect
      .poll(() => page.locator('ul.items li.item .item-title').allTextContents())
      .toContain('Harbour news');
    const saved = await app.db.kysely
      .selectFrom('rules')
      .select(['name', 'spec'])
      .where('user_id', '=', user.id)
      .where('name', '=', 'Harbour news')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(saved.spec)).toMatchObject({
      action: 'tag',
      tag: 'harbour',
      when: [{ field: 'title', op: 'contains', value: 'harbour' }],
    });

    // 10. The ledger shows today, with the numbers of the ledger service.
    await e.goto('/ledger');
    const today = localDate(app.clock.now(), TZ);
    const [day] = await ledgerDays(app, user, today, today);
    expect(day!.checkpointsBuilt).toBe(1);
    expect(day!.checkpointsOpened).toBe(1);
    expect(day!.itemsRead).toBeGreaterThanOrEqual(1);
    expect(day!.itemsDismissed).toBe(1);
    const row = page.locator('table.list tbody tr', {
      has: page.locator(`time[datetime="${today}"]`),
    });
    const cells = (await row.locator('td.num').allTextContents()).map((s) => s.trim());
    expect(cells).toEqual([
      String(day!.pushesReceived),
      String(day!.breakthroughs),
      String(day!.breakthroughsUndelivered),
      String(day!.checkpointNotices),
      String(day!.checkpointsBuilt),
      String(day!.checkpointsOpened),
      String(day!.pullsBetween),
      String(day!.itemsRead),
      String(day!.itemsDismissed),
    ]);
    expect(await page.locator('svg.chart rect').count()).toBeGreaterThan(0);
    expect(e.browser.dialogs).toEqual([]);
    expect(e.browser.pageErrors).toEqual([]);
  });
});
