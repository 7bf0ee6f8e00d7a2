/**
 * The first day with rules, in Chromium: a mute made after items arrived lists the held
 * titles it will act on, says what it applied to, takes them out of the next pull, and
 * "Undo" brings them back. Conditions are added one at a time; a new rule starts mild;
 * a breakthrough picks one of the user's channels. Screenshots at 1280 and 390 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSource } from '../../src/db/repos/sources.ts';
import type { UserRow } from '../../src/db/schema.ts';
import { pull } from '../../src/services/checkpoints/checkpoints.ts';
import { ingestDrafts } from '../../src/services/items/ingest.ts';
import { draft } from '../helpers/checkpoint-world.ts';
import { ADMIN_EMAIL, type E2e, HttpSession, startE2e } from '../helpers/e2e.ts';
import { auditPage, serious } from '../helpers/page-audit.ts';

const ARRIVED = [
  ['r1', 'Rain again on the quay'],
  ['r2', 'More rain tomorrow'],
  ['r3', 'Rain: a short history'],
  ['f1', 'Ferry timetable changes'],
  ['f2', 'New harbour master'],
] as const;
const RAIN = ARRIVED.filter(([id]) => id.startsWith('r')).map(([, title]) => title);

describe('rules on the first day', () => {
  let e: E2e;
  let user: UserRow;

  const pulled = async () => (await pull(e.app, user)).items.map((i) => i.title ?? '');

  beforeAll(async () => {
    e = await startE2e();
    user = await e.setupAndLogin();
    // One source each, so that the digest's per-source limit hides none of them.
    for (const [id, title] of ARRIVED) {
      const source = await insertSource(e.app.db.kysely, {
        user_id: user.id,
        kind: 'feed',
        name: `Blog ${id}`,
        url: `https://${id}.example/feed`,
        created_at: e.clock.now().getTime(),
      });
      await ingestDrafts(e.app, source, [draft(id, title)]);
    }
  });
  afterAll(async () => {
    await e?.close();
  });

  it('starts mild, with one condition; conditions are added and removed in place', async () => {
    await e.goto('/rules');
    const page = e.page;
    expect(await page.locator('#action').inputValue()).toBe('lower');
    expect(await page.locator('[data-condition]').count()).toBe(1);
    await page.click('#add-condition');
    expect(await page.locator('[data-condition]').count()).toBe(2);
    expect(await page.locator('#value1').isVisible()).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/rules');
    await page.click('[data-condition]:nth-child(2) [data-remove-condition]');
    expect(await page.locator('[data-condition]').count()).toBe(1);
    expect(await page.locator('[data-remove-condition]').isVisible()).toBe(false);
  });

  it('a mute made after arrival: preview titles, "Applied to 3", gone from the pull, Undo brings them back', async () => {
    const page = e.page;
    expect(await pulled()).toEqual(expect.arrayContaining(RAIN));
    await page.fill('#name', 'No rain');
    await page.selectOption('#field0', 'title');
    await page.selectOption('#op0', 'contains');
    await page.fill('#value0', 'rain');
    await page.selectOption('#action', 'mute');
    await page.click('#rule-preview');
    await expect
      .poll(() => page.locator('#rule-preview-result').textContent())
      .toBe('In the last 7 days this rule would have matched 3 items.');
    await expect
      .poll(() => page.locator('#rule-preview-held li').allTextContents())
      .toEqual(expect.arrayContaining(RAIN));
    expect(await page.locator('#rule-preview-held').textContent()).toContain(
      'Saving applies it to the 3 items held now',
    );
    const audit = await auditPage(e.browser, 'rules-first-day-preview');
    expect(serious(audit.violations)).toEqual([]);
    expect(audit.overflow360).toBe(0);

    await Promise.all([
      page.waitForURL('**/rules?saved=*'),
      page.click('form[action="/rules"] button.primary'),
    ]);
    expect(await page.locator('.saved-rule').textContent()).toContain(
      '“No rain” saved. Applied to 3 held items.',
    );
    await e.browser.screenshot('rules-first-day-applied', 1280);
    await e.browser.screenshot('rules-first-day-applied', 390);
    const after = await pulled();
    for (const title of RAIN) expect(after).not.toContain(title);
    expect(after).toEqual(
      expect.arrayContaining(['Ferry timetable changes', 'New harbour master']),
    );

    await Promise.all([page.waitForURL('**/rules?undone=*'), page.click('#rule-undo')]);
    expect(await page.locator('.notice:not(.channel-warnings)').first().textContent()).toBe(
      'Undone: the rule is removed, and 3 items are back as they were.',
    );
    expect(await page.locator('ul.items .item-title').allTextContents()).not.toContain('No rain');
    expect(await pulled()).toEqual(expect.arrayContaining(RAIN));
  });

  it('a breakthrough picks one of the user’s channels; a rule is edited in the same form', async () => {
    const page = e.page;
    await e.goto('/rules');
    await page.click('ul.items li.item a:has-text("Edit")');
    await page.waitForURL('**/rules/*/edit');
    expect(await page.locator('#action').inputValue()).toBe('breakthrough');
    expect(await page.locator('#value0').inputValue()).toBe('5');
    const options = await page.locator('#deliver option').allTextContents();
    // No outgoing mail server here, no schedule channel, no Web Push: only a new topic.
    expect(options).toEqual(['My checkpoint notice channels', 'A new ntfy topic…']);
    expect(await page.locator('#ntfyUrl').isVisible()).toBe(false);
    await page.selectOption('#deliver', 'ntfy-new');
    expect(await page.locator('#ntfyUrl').isVisible()).toBe(true);
    await page.fill('#ntfyUrl', 'https://ntfy.example/alarms');
    await e.browser.screenshot('rules-first-day-edit', 1280);
    await e.browser.screenshot('rules-first-day-edit', 390);
    await Promise.all([page.waitForURL('**/rules?saved=*'), page.click('button.primary')]);
    expect(await page.locator('.saved-rule').textContent()).toContain(
      'It acts on what arrives from now on.',
    );
    const rule = await e.app.db.kysely
      .selectFrom('rules')
      .select('spec')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(rule.spec)).toMatchObject({
      action: 'breakthrough',
      deliver: { ntfy: 'https://ntfy.example/alarms' },
    });
  });

  it('without the script every button posts the form back and keeps what was typed', async () => {
    const s = new HttpSession(e.url);
    await s.login(ADMIN_EMAIL);
    const typed = { name: 'Ferries', field0: 'title', op0: 'contains', value0: 'ferry' };
    const added = await s.post('/rules', { ...typed, action: 'tag', intent: 'add' });
    expect(added.status).toBe(200);
    const withTwo = await added.text();
    expect(withTwo).toContain('name="value1"');
    expect(withTwo).toContain('value="ferry"');
    expect(withTwo).toContain('<option value="tag" selected');
    const removed = await (
      await s.post('/rules', { ...typed, field1: 'title', op1: 'contains', intent: 'remove:0' })
    ).text();
    expect(removed).not.toContain('name="value1"');
    expect(removed).not.toContain('value="ferry"');

    const preview = await (
      await s.post('/rules', { ...typed, action: 'mute', intent: 'preview' })
    ).text();
    expect(preview).toContain('Saving applies it to the 1 item held now:');
    expect(preview).toContain('<li>Ferry timetable changes</li>');

    const refused = await s.post('/rules', { ...typed, op0: 'matches', value0: '(' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('value="("');

    const saved = await s.post('/rules', { ...typed, action: 'tag', tag: 'boats' });
    expect(saved.status).toBe(303);
    const location = saved.headers.get('location') ?? '';
    expect(location).toMatch(/^\/rules\?saved=\d+$/);
    const id = location.split('=')[1]!;
    expect(await (await s.get(location)).text()).toContain(
      '“Ferries” saved. Applied to 1 held item.',
    );
    const undone = await s.post(`/rules/${id}/undo`);
    expect(undone.headers.get('location')).toBe('/rules?undone=1&removed=1');
    const again = await s.post(`/rules/${id}/undo`);
    expect(again.status).toBe(404);
  });
});
