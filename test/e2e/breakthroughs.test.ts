/**
 * "Breakthroughs must reach someone" in Chromium: setup offers the urgent rule's channel and
 * really tests it (an ntfy topic on 127.0.0.1), a failing channel is warned about on the
 * Rules, Schedule and Checkpoint pages, an urgent push that reached no one is shown at the top
 * of the checkpoint page at once (and can be dismissed), and the ledger counts it as "could
 * not deliver" — never as spared — with the day's spared items one click away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSource } from '../../src/db/repos/sources.ts';
import type { UserRow } from '../../src/db/schema.ts';
import { ingestDrafts } from '../../src/services/items/ingest.ts';
import { draft } from '../helpers/checkpoint-world.ts';
import { ADMIN_EMAIL, type E2e, PASSWORD, startE2e, TZ } from '../helpers/e2e.ts';

const SHOTS = process.env.CHECKPOINT_SCREENSHOTS;

describe('breakthroughs reach someone', () => {
  let e: E2e;
  let user: UserRow;
  let status = 200;
  let published = 0;

  beforeAll(async () => {
    e = await startE2e();
    e.site.route('/ntfy/urgent', async (req, res) => {
      for await (const _chunk of req);
      published++;
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"id":"x"}');
    });
  });
  afterAll(async () => {
    await e?.close();
  });

  const shot = async (name: string) => {
    if (SHOTS) await e.page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };

  it('setup offers a channel for the urgent rule, and "Send a test" really sends', async () => {
    const { page } = e;
    await e.goto('/');
    await page.fill('#email', ADMIN_EMAIL);
    await page.fill('#password', PASSWORD);
    await page.selectOption('#tz', TZ);
    await page.setChecked('input[name=rule]', true);
    await Promise.all([
      page.waitForURL('**/breakthrough-channel?setup=1'),
      page.click('button[type=submit].primary'),
    ]);
    user = (await e.user())!;
    expect(await page.locator('h1').textContent()).toBe('Where urgent items reach you');
    await shot('channel-setup-1280');

    const topic = e.site.urlFor('/ntfy/urgent');
    await page.check('input[name=channel][value=ntfy]');
    await page.fill('input[name=ntfy]', topic);
    const result = page.locator('[data-channel-test-result]');
    await page.click('[data-channel-test]');
    await expect.poll(() => result.textContent()).toContain('Sent a test to ntfy');
    expect(published).toBe(1);
    expect(await result.getAttribute('class')).not.toContain('error');

    status = 500;
    await page.click('[data-channel-test]');
    await expect.poll(() => result.textContent()).toContain('failed');
    expect(await result.textContent()).toContain('HTTP 500');
    expect(await result.getAttribute('class')).toContain('error');

    await Promise.all([
      page.waitForURL('**/breakthrough-channel?rule=*'),
      page.click('button.primary'),
    ]);
    expect(await page.locator('.notice').first().textContent()).toContain(`ntfy ${topic}`);
  });

  it('a failing channel is warned about on the Rules, Schedule and Checkpoint pages', async () => {
    for (const path of ['/rules', '/schedule', '/checkpoint']) {
      await e.goto(path);
      const warning = e.page.locator('.channel-warnings');
      expect(await warning.textContent(), path).toContain('Urgent pushes break through');
      expect(await warning.textContent(), path).toContain('HTTP 500');
      expect(await warning.locator('a').getAttribute('href')).toBe('/breakthrough-channel');
    }
    // The schedule page's own channels can be tested in place too.
    await e.goto('/schedule');
    expect(await e.page.locator('form [data-channel-test]').count()).toBe(1);
  });

  it('an urgent push that reached no one is at the top of the checkpoint page at once', async () => {
    const { page } = e;
    const phone = await insertSource(e.app.db.kysely, {
      user_id: user.id,
      kind: 'ntfy',
      name: 'Phone',
      url: null,
      created_at: e.clock.now().getTime(),
    });
    await ingestDrafts(e.app, phone, [
      draft('p1', 'Server down', { kind: 'notification', priority: 5 }),
      draft('p2', 'Parcel delivered', { kind: 'notification', priority: 3 }),
    ]);
    await e.goto('/checkpoint');
    const banner = page.locator('.undelivered');
    expect(await banner.locator('strong').textContent()).toBe('Could not reach you');
    const link = banner.locator('a', { hasText: 'Server down' });
    expect(await link.getAttribute('href')).toMatch(/^\/items\/\d+$/);
    expect(await banner.textContent()).toContain(
      'Rule “Urgent pushes break through” would have broken through, but delivery failed',
    );
    await shot('checkpoint-undelivered-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('checkpoint-undelivered-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    await Promise.all([
      page.waitForURL('**/checkpoint'),
      banner.locator('button', { hasText: 'Dismiss' }).click(),
    ]);
    expect(await page.locator('.undelivered').count()).toBe(0);

    // Pulling now shows it among what arrived; "Why is this here?" names the rule.
    await Promise.all([page.waitForURL('**/pull'), page.click('form[action="/pull"] button')]);
    const item = page.locator('[data-item]', { hasText: 'Server down' });
    expect(await item.locator('details.why').textContent()).toContain(
      'rule “Urgent pushes break through” would have broken through, but delivery failed',
    );
  });

  it('the ledger counts it as undelivered, not spared, and lists the day’s spared items', async () => {
    const { page } = e;
    await e.goto('/ledger');
    const headers = await page.locator('table.ledger th').allTextContents();
    const today = page.locator('table.ledger tbody tr').first();
    const cell = (name: string) => today.locator('td').nth(headers.indexOf(name));
    expect(await cell('Would have pushed').textContent()).toBe('2');
    expect(await cell('Broke through').textContent()).toBe('0');
    expect(await cell('Could not deliver').textContent()).toBe('1');
    expect(await page.locator('.ledger-total .figure').textContent()).toBe('1');
    await shot('ledger-1280');

    await Promise.all([
      page.waitForURL('**/ledger/day?date=2026-03-02'),
      today.locator('a').click(),
    ]);
    const items = await page.locator('.spared-items li a').allTextContents();
    expect(items).toEqual(['Parcel delivered']);
  });

  it('in Dutch at 1280 px the ledger table fits the page, its headers wrapping', async () => {
    await e.setLocale(user.id, 'nl');
    await e.page.setViewportSize({ width: 1280, height: 900 });
    await e.goto('/ledger');
    expect(await e.page.locator('table.ledger th').allTextContents()).toContain('Niet bezorgd');
    const fit = await e.page.evaluate(() => {
      const wrap = document.querySelector<HTMLElement>('.table-wrap')!;
      return { scroll: wrap.scrollWidth, width: wrap.clientWidth };
    });
    expect(fit.scroll).toBeLessThanOrEqual(fit.width);
    await shot('ledger-nl-1280');
  });
});
