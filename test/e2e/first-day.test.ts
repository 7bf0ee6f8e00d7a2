/**
 * The first day of the issue "The first day and the first week", played end to end in
 * Chromium against the real server: setup with "urgent pushes break through" and "Not now" for
 * its channel; an OPML file with folders whose feeds carry old posts (Scripting News, told apart
 * only by #fragment, and essays of 2016–2021); a site typed without a scheme; urgent ntfy
 * pushes with no channel (the undelivered banner, "could not deliver" in the ledger), then with
 * an ntfy channel on 127.0.0.1 (delivered); a mute made after arrival, applied and undone;
 * "Read what arrived", Done, and Done again in a second tab; the Sources page's groups.
 * Screenshots of the main pages at 1280 and 390 px in English and Dutch (`first-day-*`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRow } from '../../src/db/schema.ts';
import { ledgerDays } from '../../src/services/checkpoints/ledger.ts';
import type { E2e } from '../helpers/e2e.ts';
import { type FirstDay, LETTERS, startFirstDay } from '../helpers/first-day-world.ts';

describe('the first day, end to end', () => {
  let w: FirstDay;
  let e: E2e;
  let user: UserRow;

  const today = async () => (await ledgerDays(e.app, user, '2026-03-02', '2026-03-02'))[0]!;
  /** The page at both widths, in the language the user has now. */
  const shots = async (name: string) => {
    await e.browser.screenshot(`first-day-${name}`);
    await e.browser.screenshot(`first-day-${name}`, 390);
  };

  beforeAll(async () => {
    w = await startFirstDay();
    e = w.e;
  });
  afterAll(async () => {
    await e?.close();
  });

  it('sets up with the urgent rule, says "Not now" to its channel, and subscribes', async () => {
    const { page } = e;
    // setupInUi ticks the rule, lands on the channel page and follows "Not now".
    user = await e.setupInUi();
    expect(new URL(page.url()).pathname).toBe('/sources');
    const rules = await e.app.db.kysely.selectFrom('rules').select('spec').execute();
    expect(rules.map((r) => JSON.parse(r.spec).action)).toEqual(['breakthrough']);

    await page.setInputFiles('#opml', {
      name: 'subscriptions.opml',
      mimeType: 'text/x-opml',
      buffer: w.opml,
    });
    await page.click('#opml-form button[type=submit]');
    await expect.poll(() => page.locator('li.source').count(), { timeout: 30_000 }).toBe(2);
    // The summary stays after the page reloads itself with the new sources.
    expect(await page.locator('#opml-status').textContent()).toBe(
      '2 added, 0 already followed, 0 lines skipped.',
    );
    // A site typed without a scheme: https fails on 127.0.0.1, http finds its feed.
    await page.fill('#url', `127.0.0.1:${e.site.port}/blog/`);
    await e.submit('form[action="/sources"] button.primary');
    expect(await page.locator('.notice').first().textContent()).toContain('Harbour Town Journal');
    expect(await page.locator('li.source').count()).toBe(3);
    // 50 entries, two of them repeating another's guid: 48 items.
    await expect.poll(() => w.itemCount('Scripting News'), { timeout: 30_000 }).toBe(48);
    await expect.poll(() => w.itemCount('Slow Letters'), { timeout: 30_000 }).toBe(8);
    expect(await w.itemCount('Harbour Town Journal')).toBe(6);
  }, 90_000);

  it('urgent pushes with no channel: the banner at the top at once, "could not deliver"', async () => {
    const { page } = e;
    await w.push('alerts', 'Server down', 'urgent');
    await w.push('alerts', 'Smoke alarm', '5');
    await w.push('alerts', 'Parcel delivered', 'default');
    await e.goto('/checkpoint');
    const banner = page.locator('main .undelivered');
    expect(await banner.locator('strong').textContent()).toBe('Could not reach you');
    expect((await banner.locator('a[href^="/items/"]').allTextContents()).sort()).toEqual([
      'Server down',
      'Smoke alarm',
    ]);
    // At the top: before the first-checkpoint offer and anything else the page holds.
    const order = await page.evaluate(() => {
      const banner = document.querySelector('main .undelivered')!;
      const offer = document.querySelector('main .first-offer')!;
      return banner.compareDocumentPosition(offer) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();
    await shots('checkpoint-undelivered');

    // The rule with no channel is warned about where rules and schedules are made.
    for (const path of ['/rules', '/schedule']) {
      await e.goto(path);
      const warning = page.locator('.channel-warnings');
      expect(await warning.textContent(), path).toContain('Urgent pushes break through');
      expect(await warning.locator('a').getAttribute('href'), path).toBe('/breakthrough-channel');
    }

    await e.goto('/ledger');
    expect(await w.ledgerCell('Broke through')).toBe('0');
    expect(await w.ledgerCell('Could not deliver')).toBe('2');
    const day = await today();
    expect(day.breakthroughsUndelivered).toBe(2);
    expect(day.breakthroughs).toBe(0);
    // Never as spared: spared is what would have pushed, less what broke through or failed.
    expect(day.pushesReceived).toBe(3);
    expect(day.interruptionsSpared).toBe(1);
  });

  it('with an ntfy channel on 127.0.0.1, the next urgent push is delivered', async () => {
    const { page } = e;
    await e.goto('/breakthrough-channel');
    await page.check('input[name=channel][value=ntfy]');
    await page.fill('input[name=ntfy]', w.ntfyUrl);
    await Promise.all([
      page.waitForURL('**/breakthrough-channel?rule=*'),
      page.click('button.primary'),
    ]);
    w.delivered.length = 0;
    await w.push('alerts', 'Water leak', 'urgent');
    await expect.poll(() => w.delivered.length).toBe(1);
    // A working channel: no warning any more.
    await e.goto('/rules');
    expect(await page.locator('.channel-warnings').count()).toBe(0);
    expect(w.delivered[0]).toContain('Water leak');
    expect((await today()).breakthroughs).toBe(1);
    expect((await today()).breakthroughsUndelivered).toBe(2);
  });

  it('a mute made after arrival: preview titles, "Applied to 2", gone from what is held, Undo', async () => {
    const { page } = e;
    const HARBOUR = [
      'Harbour bridge reopens after two years of repairs',
      'Why the harbour ferries run late in winter',
    ];
    expect(await w.heldTitles()).toEqual(expect.arrayContaining(HARBOUR));
    await e.goto('/rules');
    await page.fill('#name', 'No harbour');
    await page.selectOption('#field0', 'title');
    await page.selectOption('#op0', 'contains');
    await page.fill('#value0', 'harbour');
    await page.selectOption('#action', 'mute');
    await page.click('#rule-preview');
    await expect
      .poll(() => page.locator('#rule-preview-held li').allTextContents())
      .toEqual(expect.arrayContaining(HARBOUR));
    expect(await page.locator('#rule-preview-held li').count()).toBe(2);
    await Promise.all([
      page.waitForURL('**/rules?saved=*'),
      page.click('form[action="/rules"] button.primary'),
    ]);
    expect(await page.locator('.saved-rule').textContent()).toContain(
      '“No harbour” saved. Applied to 2 held items.',
    );
    await shots('rules-applied');
    for (const title of HARBOUR) expect(await w.heldTitles()).not.toContain(title);
    await Promise.all([page.waitForURL('**/rules?undone=*'), page.click('#rule-undo')]);
    expect(await page.locator('.notice').first().textContent()).toBe(
      'Undone: the rule is removed, and 2 items are back as they were.',
    );
    expect(await w.heldTitles()).toEqual(expect.arrayContaining(HARBOUR));
  });

  it('"Read what arrived": no cluster inside one source, at most 5 old posts per source', async () => {
    const { page } = e;
    await e.goto('/checkpoint');
    await e.submit('form[action="/checkpoint/first"] button');
    expect(await page.locator('.digest-head h1').textContent()).toBe('Your 08:00 checkpoint');
    // Scripting News' 50 items (39 untitled, links differing only by #fragment) join nothing.
    const clusters = await e.app.db.kysely
      .selectFrom('items')
      .select(['source_id', 'cluster_id'])
      .where('cluster_id', 'is not', null)
      .execute();
    expect(clusters).toEqual([]);
    expect(await page.locator('main .item .more', { hasText: 'Also from' }).count()).toBe(0);
    // The undelivered push says why it is here: the rule, and that it reached no one.
    const alarm = page.locator('li.item', { hasText: 'Smoke alarm' });
    expect(await alarm.locator('details.why').textContent()).toContain(
      'rule “Urgent pushes break through” would have broken through',
    );
    const checkpoint = await e.app.db.kysely
      .selectFrom('checkpoints')
      .select('id')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    // Every item of both is backlog (dated years before the source was added): only the
    // newest 5 of each are candidates, of which the per-source limit (3) keeps three.
    for (const name of ['Scripting News', 'Slow Letters']) {
      const id = await w.sourceId(name);
      const inIt = await e.app.db.kysely
        .selectFrom('checkpoint_items')
        .innerJoin('items', 'items.id', 'checkpoint_items.item_id')
        .select('items.id')
        .where('items.source_id', '=', id)
        .where('checkpoint_items.checkpoint_id', '=', checkpoint.id)
        .execute();
      const newest = await e.app.db.kysely
        .selectFrom('items')
        .select('id')
        .where('source_id', '=', id)
        .orderBy('published_at', 'desc')
        .limit(5)
        .execute();
      expect(inIt.length, name).toBe(3);
      expect(
        newest.map((r) => r.id),
        name,
      ).toEqual(expect.arrayContaining(inIt.map((r) => r.id)));
    }
    expect(
      await page.locator('li.item .item-title', { hasText: 'Slow letter' }).allTextContents(),
    ).toEqual(['Slow letter 8', 'Slow letter 7', 'Slow letter 6']);
    // Old posts show their year.
    const letters = page.locator('li.item', { hasText: 'Slow letter' });
    for (const meta of await letters.locator('.item-meta').allTextContents())
      expect(meta).toMatch(/20(1[6-9]|2[01])/);
    const scripting = page.locator('li.item', { hasText: 'Scripting News' });
    for (const meta of await scripting.locator('.item-meta').allTextContents())
      expect(meta).toContain('2017');
    await shots('checkpoint');
  });

  it('Done sums up; Done in a second tab says it was already done', async () => {
    const { page } = e;
    const other = await e.browser.context.newPage();
    await other.goto(`${e.url}/checkpoint`);
    const shown = await page.locator('li.item[data-item]').count();
    await e.submit('#done-form button');
    expect(await page.locator('.done-summary').textContent()).toContain(
      `Checkpoint done: 0 read · 0 dismissed · ${shown} seen without opening.`,
    );
    await shots('checkpoint-done');
    await Promise.all([other.waitForLoadState('load'), other.click('#done-form button')]);
    expect(await other.locator('.done-summary .already').textContent()).toMatch(
      /^This checkpoint was already done \(Monday 2 Mar, 08:00\)\.$/,
    );
    await other.close();
  });

  it('the rest of the backlog is one click away in Later', async () => {
    const { page } = e;
    await e.goto('/later');
    const links = page.locator('a[href^="/later?backlog="]');
    // A backlog page lists the source's whole archive, newest first (the 5 that joined too).
    expect((await links.allTextContents()).sort()).toEqual([
      'Scripting News (48)',
      'Slow Letters (8)',
    ]);
    await shots('later');
    await Promise.all([
      page.waitForURL('**/later?backlog=*'),
      links.filter({ hasText: 'Slow Letters' }).click(),
    ]);
    const cards = page.locator('li.item[data-item]');
    expect(await cards.locator('.item-title').allTextContents()).toEqual(
      LETTERS.map((l) => l.title).reverse(),
    );
    expect(await cards.first().locator('.item-meta').textContent()).toContain('2021');
    expect(await cards.last().locator('.item-meta').textContent()).toContain('2016');
  });

  it('pull now shows what arrived, the backlog included', async () => {
    const { page } = e;
    await e.goto('/checkpoint');
    await Promise.all([page.waitForURL('**/pull'), page.click('form[action="/pull"] button')]);
    // Slow letter 3 is not among its source's newest five: backlog, never in a checkpoint.
    expect(await page.locator('li.item .item-title').allTextContents()).toContain('Slow letter 3');
    expect((await today()).pullsBetween).toBe(1);
  });

  it('the Sources page groups the OPML folders and keeps push sources apart', async () => {
    const { page } = e;
    await e.goto('/sources');
    expect(
      await page.locator('details.source-group > summary .source-group-name').allTextContents(),
    ).toEqual(['Blogs', 'Essays', 'No category']);
    const pushed = page.locator('[data-source-section]', { hasText: 'Pushed to Checkpoint' });
    expect(await pushed.locator('.source-name').allTextContents()).toEqual(['ntfy: alerts']);
    await shots('sources');
    await e.goto('/ledger');
    // The table counts the pull the chart shows.
    expect(await w.ledgerCell('Pulls between')).toBe('1');
    await shots('ledger');
    await e.goto('/rules');
    await shots('rules');
  });

  it('in Dutch: the same pages', async () => {
    const { page } = e;
    await e.setLocale(user.id, 'nl');
    await e.goto('/checkpoint');
    expect(await page.locator('.done-summary').textContent()).toContain('Checkpoint klaar');
    await shots('checkpoint-nl');
    await e.goto('/sources');
    expect(await page.locator('h3.source-section').allTextContents()).toEqual([
      'Feeds en opgehaalde bronnen',
      'Naar Checkpoint gepusht',
    ]);
    await shots('sources-nl');
    await e.goto('/ledger');
    expect(await page.locator('table.ledger th').allTextContents()).toContain('Niet bezorgd');
    await shots('ledger-nl');
    await e.goto('/rules');
    await shots('rules-nl');
    expect(e.browser.pageErrors).toEqual([]);
  });
});
