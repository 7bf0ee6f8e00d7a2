/**
 * The checkpoint page a new user meets, in Chromium against the real server: items arrive
 * before any checkpoint, "Read what arrived" builds the first checkpoint (once, as a real
 * checkpoint), Done sums up, Undo opens it again, Done again; a second tab's Done says it was
 * already done; Later clears what is older than a day, with undo. Dates of another year show
 * the year. Screenshots at 1280 and 390 px, in English and Dutch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSource } from '../../src/db/repos/sources.ts';
import type { SourceRow, UserRow } from '../../src/db/schema.ts';
import { ledgerDays } from '../../src/services/checkpoints/ledger.ts';
import { ingestDrafts } from '../../src/services/items/ingest.ts';
import { subscribe } from '../../src/services/sources/sources.ts';
import { draft } from '../helpers/checkpoint-world.ts';
import { type E2e, startE2e } from '../helpers/e2e.ts';

describe('the first checkpoint, Done and its undo, Later cleared', () => {
  let e: E2e;
  let user: UserRow;
  let archive: SourceRow;

  const today = async () => (await ledgerDays(e.app, user, '2026-03-02', '2026-03-02'))[0]!;
  const checkpoints = () =>
    e.app.db.kysely.selectFrom('checkpoints').selectAll().where('user_id', '=', user.id).execute();

  /** Both widths of the current page. */
  const shots = async (name: string) => {
    await e.browser.screenshot(name);
    await e.browser.screenshot(name, 390);
  };

  beforeAll(async () => {
    e = await startE2e();
    user = await e.setupAndLogin();
    // A step that cannot happen fails with its locator, well before the test's own timeout.
    e.browser.context.setDefaultTimeout(8000);
  });
  afterAll(async () => {
    await e?.close();
  });

  it('offers the first checkpoint once items arrive, and builds a real one', async () => {
    const { page } = e;
    await e.goto('/checkpoint');
    // Nothing arrived yet: all quiet, nothing offered.
    expect(await page.locator('.quiet h1').textContent()).toBe(
      'All quiet until your next checkpoint.',
    );
    expect(await page.locator('.first-offer').count()).toBe(0);

    await subscribe(e.app, user.id, e.site.urlFor('/blog/'));
    archive = await insertSource(e.app.db.kysely, {
      user_id: user.id,
      kind: 'feed',
      name: 'Old Archive',
      url: e.site.urlFor('/archive/feed.xml'),
      created_at: e.clock.now().getTime(),
    });
    await ingestDrafts(e.app, archive, [
      draft('old', 'An essay from 2019', { publishedAt: new Date('2019-06-01T10:00:00Z') }),
    ]);
    await e.goto('/checkpoint');
    expect(await page.locator('.quiet h1').textContent()).toBe(
      'Your sources have started to deliver.',
    );
    expect(await page.locator('main').textContent()).not.toMatch(/All quiet/);
    await shots('first-checkpoint-offer');

    await e.submit('form[action="/checkpoint/first"] button');
    // The first checkpoint is of now (08:00 in Amsterdam), not of the 12:30 one.
    expect(await page.locator('.digest-head h1').textContent()).toBe('Your 08:00 checkpoint');
    expect(await page.locator('li.item[data-item]').count()).toBe(4);
    const old = page.locator('li.item', { hasText: 'An essay from 2019' });
    expect(await old.textContent()).toContain('2019');
    expect((await today()).checkpointsBuilt).toBe(1);
    expect((await today()).pullsBetween).toBe(0);
    await shots('first-checkpoint-digest');
  });

  it('Done sums up, Undo opens the checkpoint again, a second tab’s Done says already done', async () => {
    const { page } = e;
    const cards = page.locator('li.item[data-item]');
    // Dismiss the first card in place; read the second in the reading view.
    await cards.nth(0).locator('[data-action=dismiss]').click();
    await expect.poll(() => cards.nth(0).getAttribute('class')).toContain('dismissed');
    const readId = await cards.nth(1).getAttribute('data-item');
    await e.goto(`/items/${readId}`);
    await e.goto('/checkpoint');

    // A second tab has the same digest open.
    const other = await e.browser.context.newPage();
    await other.goto(`${e.url}/checkpoint`);
    expect(await other.locator('#done-form').count()).toBe(1);

    await e.submit('#done-form button');
    expect(new URL(page.url()).pathname).toBe('/checkpoint');
    const summary = page.locator('.done-summary');
    expect(await summary.textContent()).toContain(
      'Checkpoint done: 1 read · 1 dismissed · 2 seen without opening.',
    );
    expect(await summary.textContent()).toContain('3 items wait in Later.');
    expect(await page.locator('.first-offer').count()).toBe(0);
    await shots('first-checkpoint-done');

    await e.submit('.done-summary form.undo button');
    expect(await page.locator('main .notice[role=status]').first().textContent()).toBe(
      'Done is undone: the checkpoint is open again.',
    );
    expect(await page.locator('#done-form').count()).toBe(1);
    const [checkpoint] = await checkpoints();
    expect(checkpoint!.done_at).toBeNull();
    const seen = await e.app.db.kysely
      .selectFrom('items')
      .select('id')
      .where('seen_checkpoint_id', '=', checkpoint!.id)
      .execute();
    expect(seen).toEqual([]);

    await e.submit('#done-form button');
    expect(await page.locator('.done-summary').count()).toBe(1);
    expect((await checkpoints())[0]!.done_at).not.toBeNull();

    // The stale tab presses Done too: nothing changes, and it says when it was done.
    await Promise.all([other.waitForLoadState('load'), other.click('#done-form button')]);
    expect(new URL(other.url()).searchParams.get('already')).toBe(String(checkpoint!.id));
    expect(await other.locator('.done-summary .already').textContent()).toMatch(
      /^This checkpoint was already done \(Monday 2 Mar, 08:00\)\.$/,
    );
    await other.close();
    // Once only: the offer does not come back.
    await e.goto('/checkpoint');
    expect(await page.locator('.first-offer').count()).toBe(0);
  });

  it('Later: dismiss all older than a day, undo; start fresh, undo', async () => {
    const { page } = e;
    // Two old posts of the archive arrive after Done: they wait in Later with the blog's three.
    await ingestDrafts(e.app, archive, [
      draft('old-2', 'Harbour history, part one', {
        publishedAt: new Date('2025-11-02T10:00:00Z'),
      }),
      draft('old-3', 'Harbour history, part two', {
        publishedAt: new Date('2026-02-20T10:00:00Z'),
      }),
    ]);
    await e.goto('/later');
    const cards = page.locator('li.item[data-item]');
    expect(await cards.count()).toBe(5);
    expect(await page.locator('li.item', { hasText: 'part one' }).textContent()).toContain('2025');
    await page.locator('.later-clear summary').click();
    await shots('first-checkpoint-later');
    await page.selectOption('#older', 'week');
    await e.submit('form[action="/later/dismiss-older"] button');
    expect(await page.locator('.later-undo span').textContent()).toBe('2 items dismissed.');
    expect(await cards.count()).toBe(3);
    await shots('first-checkpoint-later-undo');
    await e.submit('.later-undo button');
    expect(await page.locator('main .notice[role=status]').textContent()).toBe(
      '2 items are back in Later.',
    );
    expect(await cards.count()).toBe(5);

    await page.locator('.later-clear summary').click();
    await e.submit('form[action="/later/start-fresh"] button');
    expect(await page.locator('.later-undo span').textContent()).toBe('5 items dismissed.');
    expect(await page.locator('p.empty').count()).toBe(1);
    await e.submit('.later-undo button');
    expect(await cards.count()).toBe(5);
  });

  it('in Dutch: the summary and Later', async () => {
    const { page } = e;
    await e.setLocale(user.id, 'nl');
    await e.goto('/checkpoint');
    expect(await page.locator('.done-summary').textContent()).toContain(
      'Checkpoint klaar: 1 gelezen · 1 weggelegd · 2 gezien zonder te openen.',
    );
    await shots('first-checkpoint-done-nl');
    await e.goto('/later');
    await page.locator('.later-clear summary').click();
    expect(await page.locator('.later-clear').textContent()).toContain('Opnieuw beginnen');
    await shots('first-checkpoint-later-nl');
  });
});
