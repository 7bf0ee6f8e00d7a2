/**
 * The app on a phone (390 px), in English and Dutch: every page of the web app fits the width
 * (no sideways scrolling), and the main navigation shows its first links and a "More" menu that
 * opens without the script; at 1280 px every link sits in one row and "More" is not there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateUser } from '../../src/db/repos/users.ts';
import { subscribe } from '../../src/services/sources/sources.ts';
import { type E2e, startE2e } from '../helpers/e2e.ts';

/** Every page of the web app a signed-in admin can open without naming a row. */
const PAGES = [
  '/checkpoint',
  '/later',
  '/starred',
  '/search?q=news',
  '/sources',
  '/sources/newsletters',
  '/sources/social',
  '/sources/imports',
  '/rules',
  '/schedule',
  '/ledger',
  '/settings',
  '/admin/users',
];

describe('the app at 390 px', () => {
  let e: E2e;

  beforeAll(async () => {
    e = await startE2e();
    const user = await e.setupAndLogin();
    await subscribe(e.app, user.id, e.site.urlFor('/blog/feed.xml'));
  });
  afterAll(async () => {
    await e?.close();
  });

  const sideways = () =>
    e.page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

  it.each(['en', 'nl'])('no page scrolls sideways at 390 or 360 px (%s)', async (locale) => {
    await updateUser(e.app.db.kysely, (await e.user()).id, { locale });
    const wide: string[] = [];
    for (const width of [390, 360]) {
      await e.page.setViewportSize({ width, height: 844 });
      for (const path of PAGES) {
        await e.goto(path);
        const extra = await sideways();
        if (extra > 0) wide.push(`${path} at ${width} px: ${extra} px too wide`);
      }
    }
    expect(wide).toEqual([]);
    await e.goto('/checkpoint');
    await e.browser.screenshot(`nav-narrow-${locale}`, 390, { fullPage: false });
  });

  it('shows four links and "More" on a phone; "More" opens without the script', async () => {
    await updateUser(e.app.db.kysely, (await e.user()).id, { locale: 'en' });
    await e.page.setViewportSize({ width: 390, height: 844 });
    await e.goto('/ledger');
    const visible = () =>
      e.page
        .locator('.nav a')
        .evaluateAll((links) =>
          (links as HTMLElement[]).filter((a) => a.checkVisibility()).map((a) => a.textContent),
        );
    expect(await visible()).toEqual(['Checkpoint', 'Later', 'Sources', 'Search']);
    const more = e.page.locator('.nav-more > summary');
    expect(await more.textContent()).toBe('More');
    // The page shown is under "More": its summary is marked as the current place.
    expect(await more.getAttribute('class')).toBe('current');
    await more.click();
    expect(await visible()).toContain('Ledger');
    await e.browser.screenshot('nav-more-open', 390, { fullPage: false });
    expect(await sideways()).toBeLessThanOrEqual(0);
    await e.page.locator('.nav a', { hasText: 'Settings' }).click();
    await e.page.waitForURL(/\/settings$/);
  });

  it('shows every link in one row at 1280 px', async () => {
    await e.page.setViewportSize({ width: 1280, height: 900 });
    await e.goto('/checkpoint');
    expect(await e.page.locator('.nav-more > summary').isVisible()).toBe(false);
    const tops = await e.page
      .locator('.nav a')
      .evaluateAll((links) =>
        (links as HTMLElement[]).map((a) => (a.checkVisibility() ? a.offsetTop : -1)),
      );
    expect(tops).toHaveLength(10);
    expect(new Set(tops).size).toBe(1);
    expect(tops[0]).toBeGreaterThanOrEqual(0);
  });
});
