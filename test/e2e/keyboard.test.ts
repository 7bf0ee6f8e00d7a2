/**
 * Keyboard navigation in Chromium: j/k move the current item (and its focus), o and Enter
 * open it, ? shows and hides the help, / focuses search (or goes to the search page), and
 * keys typed into a field are left alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe } from '../../src/services/sources/sources.ts';
import { type E2e, FIRST_DUE, startE2e } from '../helpers/e2e.ts';

describe('keyboard', () => {
  let e: E2e;
  const current = () =>
    e.page.evaluate(() =>
      [...document.querySelectorAll('[data-item]')].findIndex((el) =>
        el.classList.contains('current'),
      ),
    );
  const focusedItem = () =>
    e.page.evaluate(
      () => document.activeElement?.closest('[data-item]')?.getAttribute('data-item') ?? null,
    );
  const itemIds = () =>
    e.page
      .locator('li.item[data-item]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-item')));

  beforeAll(async () => {
    e = await startE2e();
    const user = await e.setupAndLogin();
    await subscribe(e.app, user.id, e.site.urlFor('/blog/feed.xml'));
    await subscribe(e.app, user.id, e.site.urlFor('/evening/feed.xml'));
    await e.buildAt(FIRST_DUE);
  });
  afterAll(async () => {
    await e?.close();
  });

  it('j and k move the current item and its focus; they stop at the ends', async () => {
    await e.goto('/checkpoint');
    const ids = await itemIds();
    expect(ids.length).toBeGreaterThan(3);
    expect(await current()).toBe(-1);
    await e.page.keyboard.press('j');
    expect(await current()).toBe(0);
    expect(await focusedItem()).toBe(ids[0]);
    await e.page.keyboard.press('j');
    await e.page.keyboard.press('j');
    expect(await current()).toBe(2);
    expect(await focusedItem()).toBe(ids[2]);
    await e.page.keyboard.press('k');
    expect(await current()).toBe(1);
    expect(await focusedItem()).toBe(ids[1]);
    await e.page.keyboard.press('k');
    await e.page.keyboard.press('k');
    expect(await current()).toBe(0);
    for (let i = 0; i < ids.length + 2; i++) await e.page.keyboard.press('j');
    expect(await current()).toBe(ids.length - 1);
    expect(await e.page.locator('li.item.current').count()).toBe(1);
  });

  it('o opens the current item in the reading view, and so does Enter', async () => {
    await e.goto('/checkpoint');
    const ids = await itemIds();
    await e.page.keyboard.press('j');
    await e.page.keyboard.press('j');
    await Promise.all([e.page.waitForURL(`**/items/${ids[1]}`), e.page.keyboard.press('o')]);
    expect(await e.page.locator('article.reader').getAttribute('data-item')).toBe(ids[1]);
    await e.goto('/checkpoint');
    await e.page.keyboard.press('j');
    await Promise.all([e.page.waitForURL(`**/items/${ids[0]}`), e.page.keyboard.press('Enter')]);
  });

  it('? opens the help dialog and closes it again (Escape too)', async () => {
    await e.goto('/checkpoint');
    const dialog = e.page.locator('dialog#help');
    expect(await dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(false);
    await e.page.keyboard.press('?');
    expect(await dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(true);
    expect(await dialog.locator('kbd').allTextContents()).toEqual([
      'j',
      'k',
      'o',
      's',
      'd',
      'x',
      '/',
      '?',
    ]);
    await e.page.keyboard.press('?');
    expect(await dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(false);
    await e.page.keyboard.press('?');
    await e.page.keyboard.press('Escape');
    expect(await dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(false);
    await e.page.keyboard.press('?');
    await e.page.click('#help-close');
    expect(await dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(false);
  });

  it('/ goes to search from a page without a search field, and focuses the field on the search page', async () => {
    await e.goto('/checkpoint');
    await Promise.all([e.page.waitForURL('**/search'), e.page.keyboard.press('/')]);
    await expect.poll(() => e.page.evaluate(() => document.activeElement?.id)).toBe('q');
    await e.goto('/search?q=harbour');
    await e.page.locator('h1').click();
    expect(await e.page.evaluate(() => document.activeElement?.id)).not.toBe('q');
    await e.page.keyboard.press('/');
    expect(await e.page.evaluate(() => document.activeElement?.id)).toBe('q');
  });

  it('letters typed into a field are text, not shortcuts', async () => {
    await e.goto('/search');
    await e.page.focus('#q');
    await e.page.keyboard.type('jokes?');
    expect(await e.page.inputValue('#q')).toBe('jokes?');
    expect(
      await e.page.evaluate(
        () => (document.querySelector('dialog#help') as HTMLDialogElement).open,
      ),
    ).toBe(false);
    expect(new URL(e.page.url()).pathname).toBe('/search');
    expect(e.browser.pageErrors).toEqual([]);
  });
});
