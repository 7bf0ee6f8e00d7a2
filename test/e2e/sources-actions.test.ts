/**
 * The actions of each source on its page (`/sources/:id`, reached from the Sources list), in
 * Chromium against the real server and a fixture feed that changes under the test: pause and resume, fetch now (the new entry is
 * held), saving cadence, weight and "Would interrupt" (and saving the cadence alone keeps the
 * kind's would-push default, NULL in the database), and remove after the second click.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRow, UserRow } from '../../src/db/schema.ts';
import { subscribe } from '../../src/services/sources/sources.ts';
import { type E2e, HttpSession, startE2e } from '../helpers/e2e.ts';
import { rss, type TestEntry } from '../helpers/feeds.ts';
import { sendWithValidators } from '../helpers/fixture-server.ts';

describe('source actions', () => {
  let e: E2e;
  let user: UserRow;
  let riverId = 0;
  /** The entries of the changing feed; the test adds to it. */
  const river: TestEntry[] = [
    { guid: 'r1', title: 'The river is high this spring', date: 'Sun, 01 Mar 2026 08:00:00 GMT' },
  ];

  /** The status card of River Notes' page, where its actions and settings are. */
  const row = () => e.page.locator('section.source-status-card');
  const riverPage = () => `/sources/${riverId}`;
  const source = async (): Promise<SourceRow | undefined> =>
    await e.app.db.kysely
      .selectFrom('sources')
      .selectAll()
      .where('id', '=', riverId)
      .executeTakeFirst();
  const click = async (locator: ReturnType<typeof row>) => {
    await Promise.all([e.page.waitForURL(`**${riverPage()}`), locator.click()]);
  };

  beforeAll(async () => {
    e = await startE2e();
    user = await e.setupAndLogin();
    e.site.route('/river/feed.xml', (req, res) =>
      sendWithValidators(req, res, {
        body: rss('River Notes', river, e.site.urlFor('/river/')),
        etag: `"river-${river.length}"`,
      }),
    );
    const added = await subscribe(e.app, user.id, e.site.urlFor('/river/feed.xml'));
    if (added.status !== 'subscribed') throw new Error('river: not subscribed');
    riverId = added.source.id;
    await subscribe(e.app, user.id, e.site.urlFor('/blog/'));
  });
  afterAll(async () => {
    await e?.close();
  });

  it('pause and resume', async () => {
    // The list leads to the source's page.
    await e.goto('/sources');
    await Promise.all([
      e.page.waitForURL(`**${riverPage()}`),
      e.page.locator('li.source a.source-name', { hasText: 'River Notes' }).click(),
    ]);
    await click(row().getByRole('button', { name: 'Pause' }));
    expect(await row().locator('.status').textContent()).toContain('Paused');
    expect((await source())?.enabled).toBe(0);
    await click(row().getByRole('button', { name: 'Resume' }));
    expect(await row().locator('.status-ok').textContent()).toBe('OK');
    expect(await source()).toMatchObject({ enabled: 1, next_check_at: 0, error_count: 0 });
  });

  it('fetch now: a new entry of the feed is held, and the fetch time moves on', async () => {
    river.push({
      guid: 'r2',
      title: 'Boats back on the river',
      date: 'Mon, 02 Mar 2026 06:30:00 GMT',
    });
    e.clock.advance(25 * 60_000);
    const hitsBefore = e.site.hits('/river/feed.xml');
    await e.goto(riverPage());
    await click(row().getByRole('button', { name: 'Fetch now' }));
    expect(e.site.hits('/river/feed.xml')).toBe(hitsBefore + 1);
    const titles = await e.app.db.kysely
      .selectFrom('items')
      .select('title')
      .where('source_id', '=', riverId)
      .orderBy('id')
      .execute();
    expect(titles.map((t) => t.title)).toEqual([
      'The river is high this spring',
      'Boats back on the river',
    ]);
    expect((await source())?.last_checked_at).toBe(e.clock.now().getTime());
    expect(await row().locator('.status').textContent()).toContain('Last fetch: 2 Mar, 08:25');
  });

  it('saves cadence, weight and "Would interrupt"; back to the default; cadence alone keeps it', async () => {
    const { page } = e;
    const open = async () => {
      await e.goto(riverPage());
      await row().locator('details.settings > summary').click();
    };
    const save = () => click(row().locator('details.settings button[type=submit]'));
    expect((await source())?.would_push).toBeNull();

    await open();
    await row().locator('select[name=cadence]').selectOption('weekly:fri');
    await row().locator('input[name=weight]').fill('2');
    await row().locator('select[name=wouldPush]').selectOption('yes');
    await save();
    expect(await source()).toMatchObject({ cadence: 'weekly:fri', weight: 2, would_push: 1 });
    // The page shows what was saved.
    await row().locator('details.settings > summary').click();
    expect(await row().locator('select[name=cadence]').inputValue()).toBe('weekly:fri');
    expect(await row().locator('input[name=weight]').inputValue()).toBe('2');
    expect(await row().locator('select[name=wouldPush]').inputValue()).toBe('yes');

    await row().locator('select[name=wouldPush]').selectOption('default');
    await save();
    expect((await source())?.would_push).toBeNull();

    // Only the cadence changed in the form: would-push stays the kind's default (NULL).
    await open();
    expect(await row().locator('select[name=wouldPush]').inputValue()).toBe('default');
    await row().locator('select[name=cadence]').selectOption('daily');
    await save();
    expect(await source()).toMatchObject({ cadence: 'daily', weight: 2, would_push: null });
    expect(page.url()).toBe(`${e.url}${riverPage()}`);

    // A form without the field (an older page, a script) keeps an override as it is.
    const http = new HttpSession(e.url);
    await http.login((await e.user()).email);
    await http.post(`/sources/${riverId}`, { wouldPush: 'no' });
    expect((await source())?.would_push).toBe(0);
    await http.post(`/sources/${riverId}`, { cadence: 'every' });
    expect(await source()).toMatchObject({ cadence: 'every', weight: 2, would_push: 0 });
  });

  it('remove asks once more, then the source and its items are gone', async () => {
    const { page } = e;
    await e.goto('/sources');
    expect(await page.locator('li.source').count()).toBe(2);
    await e.goto(riverPage());
    await row().locator('details.confirm > summary').click();
    const confirm = row().locator('details.confirm form button');
    expect(await confirm.textContent()).toBe('Remove River Notes and its items?');
    // Its page is gone with it: back to the list.
    await Promise.all([page.waitForURL('**/sources'), confirm.click()]);
    expect(await page.locator('li.source').count()).toBe(1);
    expect(await page.locator('li.source .source-name').textContent()).toBe('Harbour Town Journal');
    expect(await source()).toBeUndefined();
    const left = await e.app.db.kysely
      .selectFrom('items')
      .select('id')
      .where('source_id', '=', riverId)
      .execute();
    expect(left).toEqual([]);
    expect(e.browser.pageErrors).toEqual([]);
  });
});
