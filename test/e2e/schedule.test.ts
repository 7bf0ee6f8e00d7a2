/**
 * The schedule and the moments between checkpoints, in Chromium against the real server: the
 * /schedule form really saves (times per day, zone, budget, items per source, ntfy topic,
 * e-mail; channels the form does not show are kept), the opt-in count of waiting items,
 * "Pull now" (its page, and the pull in the ledger), and the Web Push button when the browser
 * refuses notifications (the vendors' push services are out of reach, so that is the path a
 * test can walk: the user is told, nothing is stored, nothing leaves 127.0.0.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRow } from '../../src/db/schema.ts';
import { laterItems } from '../../src/services/checkpoints/checkpoints.ts';
import { ledgerDays } from '../../src/services/checkpoints/ledger.ts';
import { getSchedule, setSchedule } from '../../src/services/checkpoints/schedules.ts';
import { subscribe } from '../../src/services/sources/sources.ts';
import { type E2e, startE2e } from '../helpers/e2e.ts';

describe('schedule, waiting count, pull now, Web Push refused', () => {
  let e: E2e;
  let user: UserRow;

  const submit = async (selector: string) => {
    await Promise.all([e.page.waitForLoadState('load'), e.page.click(selector)]);
  };
  const notice = () => e.page.locator('main .notice[role=status]').first().textContent();

  beforeAll(async () => {
    e = await startE2e();
    user = await e.setupAndLogin();
    await subscribe(e.app, user.id, e.site.urlFor('/blog/'));
  });
  afterAll(async () => {
    await e?.close();
  });

  it('the schedule form saves times, zone, budget, per-source limit, ntfy topic and e-mail', async () => {
    const { page } = e;
    // A second topic set with the command line: the form shows the first and keeps both.
    await setSchedule(e.app, user, {
      notify: [{ ntfy: 'https://ntfy.example/first' }, { ntfy: 'https://ntfy.example/second' }],
    });
    await e.goto('/schedule');
    expect(await page.locator('#ntfy').inputValue()).toBe('https://ntfy.example/first');
    expect(await page.locator('#more-channels').textContent()).toContain(
      'https://ntfy.example/second',
    );
    await page.fill('#times-mon', '07:30, 18:00');
    await page.fill('#times-sat', '');
    await page.fill('#times-sun', '10:00');
    await page.selectOption('#tz', 'America/New_York');
    await page.fill('#budget', '25');
    await page.fill('#perSource', '5');
    await page.fill('#ntfy', 'https://ntfy.example/my-checkpoints');
    await page.fill('#email', 'ada.digest@example.org');
    await submit('form[action="/schedule"] button.primary');
    // Monday 08:00 in Amsterdam is 02:00 in New York: the next checkpoint is Monday 07:30 there.
    expect(await notice()).toBe('Schedule saved. Next checkpoint: Monday 2 Mar, 07:30');

    const saved = await getSchedule(e.app, await e.user());
    expect(saved).toMatchObject({
      tz: 'America/New_York',
      budgetMinutes: 25,
      perSourceLimit: 5,
      showWaiting: false,
      nextCheckpointAt: '2026-03-02T12:30:00.000Z',
    });
    expect(saved.times.mon).toEqual(['07:30', '18:00']);
    expect(saved.times.sat).toEqual([]);
    expect(saved.times.sun).toEqual(['10:00']);
    expect(saved.times.tue).toEqual(['08:00', '12:30', '17:00']);
    expect(saved.notify).toEqual([
      { ntfy: 'https://ntfy.example/my-checkpoints' },
      { email: 'ada.digest@example.org' },
      { ntfy: 'https://ntfy.example/second' },
    ]);
    // The page shows what was saved, after a reload too.
    await e.goto('/schedule');
    expect(await page.locator('#times-mon').inputValue()).toBe('07:30, 18:00');
    expect(await page.locator('#times-sat').inputValue()).toBe('');
    expect(await page.locator('#tz').inputValue()).toBe('America/New_York');
    expect(await page.locator('#budget').inputValue()).toBe('25');
    expect(await page.locator('#perSource').inputValue()).toBe('5');
    expect(await page.locator('#ntfy').inputValue()).toBe('https://ntfy.example/my-checkpoints');
    expect(await page.locator('#email').inputValue()).toBe('ada.digest@example.org');
    // A mistake keeps the schedule as it was, keeps what was typed and says at the field what
    // is wrong and what it expects.
    await page.fill('#times-tue', '8am, 25:99');
    await submit('form[action="/schedule"] button.primary');
    expect(await page.locator('main .notice[role=alert]').textContent()).toBe(
      'Nothing was saved: fix the fields marked below.',
    );
    expect(await page.locator('#times-tue').inputValue()).toBe('8am, 25:99');
    expect(await page.locator('#times-tue').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#times-tue-error').textContent()).toBe(
      'Could not read “25:99” as a time. Write times like 08:00, 8am, 8:30 pm or 17.00, separated by commas.',
    );
    expect(await page.locator('#times-mon').inputValue()).toBe('07:30, 18:00');
    expect((await getSchedule(e.app, await e.user())).times.tue).toEqual([
      '08:00',
      '12:30',
      '17:00',
    ]);
  });

  it('the count of waiting items shows only once it is turned on', async () => {
    const { page } = e;
    await e.goto('/checkpoint');
    // Items arrived before any checkpoint: the first one is offered, not "All quiet".
    expect(await page.locator('.quiet h1').textContent()).toBe(
      'Your sources have started to deliver.',
    );
    expect(await page.locator('.quiet').textContent()).not.toMatch(/waiting/);
    await e.goto('/schedule');
    await page.check('input[name=showWaiting]');
    await submit('form[action="/schedule"] button.primary');
    expect((await getSchedule(e.app, await e.user())).showWaiting).toBe(true);
    const waiting = (await laterItems(e.app, await e.user())).total;
    expect(waiting).toBe(6);
    await e.goto('/checkpoint');
    expect(await page.locator('.quiet .muted').textContent()).toBe('6 items are waiting.');
    // And off again.
    await e.goto('/schedule');
    await page.uncheck('input[name=showWaiting]');
    await submit('form[action="/schedule"] button.primary');
    await e.goto('/checkpoint');
    expect(await page.locator('.quiet .muted').count()).toBe(0);
  });

  it('"Pull now" shows what has arrived and the ledger records the pull', async () => {
    const { page } = e;
    const today = async () =>
      (await ledgerDays(e.app, await e.user(), '2026-03-02', '2026-03-02'))[0]!;
    expect((await today()).pullsBetween).toBe(0);
    await e.goto('/checkpoint');
    await submit('form[action="/pull"] button');
    expect(await page.locator('h1').textContent()).toBe('Pulled now');
    // Budget 25 minutes, at most 5 per source: five of the six blog posts.
    expect(await page.locator('li.item[data-item]').count()).toBe(5);
    expect(await page.locator('.lead').textContent()).toMatch(/^5 items · about \d+ min$/);
    expect(await page.locator('section.group h2').allTextContents()).toEqual([
      'Harbour Town Journal',
    ]);
    expect((await today()).pullsBetween).toBe(1);
    // The ledger page counts it in today's row (in the user's zone, New York).
    await e.goto('/ledger?days=7');
    const headers = await page.locator('table.list thead th').allTextContents();
    const column = headers.indexOf('Pulls between');
    const cells = await page.locator('table.list tbody tr').first().locator('td').allTextContents();
    expect(cells[column]).toBe('1');
    // Pulling is never held back: a second pull is a second entry.
    await e.goto('/checkpoint');
    await submit('form[action="/pull"] button');
    expect((await today()).pullsBetween).toBe(2);
  });

  it('Web Push refused by the browser: the button says so, nothing is stored', async () => {
    const { page } = e;
    await e.goto('/schedule');
    const before = e.browser.requests.length;
    await page.click('#push-subscribe');
    const status = page.locator('#push-status');
    await expect
      .poll(() => status.textContent())
      .toBe(
        'This browser does not allow notifications from Checkpoint. Allow them in its site settings, then try again.',
      );
    expect(await status.getAttribute('class')).toContain('status-bad');
    expect(await page.locator('#push-subscribe').isDisabled()).toBe(false);
    expect(await page.isChecked('input[name=webpush]')).toBe(false);
    expect(await e.app.db.kysely.selectFrom('push_subscriptions').select('id').execute()).toEqual(
      [],
    );
    expect(e.browser.pageErrors).toEqual([]);
    const foreign = e.browser.requests
      .slice(before)
      .filter((url) => !url.startsWith(e.url) && !url.startsWith(e.site.url));
    expect(foreign).toEqual([]);
  });
});
