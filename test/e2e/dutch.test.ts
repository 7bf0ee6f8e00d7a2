/**
 * The Dutch web app in Chromium: a Dutch browser gets the setup page in Dutch, a user with
 * locale nl gets every page in Dutch, and no English message of the app is left on them (the
 * feed's own English titles and text are content, not UI, and are left out of the check, as
 * are commands in code blocks).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/http/ui/i18n/en.ts';
import { nl } from '../../src/http/ui/i18n/nl.ts';
import { subscribe } from '../../src/services/sources/sources.ts';
import { type E2e, FIRST_DUE, startE2e } from '../helpers/e2e.ts';

/**
 * Literal pieces of English messages that Dutch never uses: each message is split at its
 * parameters and plural forms; pieces shorter than five letters ("OK", "min") are ignored.
 */
const ENGLISH = [
  ...new Set(
    (Object.keys(en) as (keyof typeof en)[])
      .filter((key) => en[key] !== nl[key])
      .flatMap((key) => en[key].split(/\|\||\{\w+\}/))
      .map((piece) => piece.trim())
      .filter((piece) => (piece.match(/\p{L}/gu) ?? []).length >= 5)
      .filter((piece) => !Object.values(nl).some((dutch) => dutch.includes(piece))),
  ),
];

describe('Dutch UI', () => {
  let e: E2e;

  /** The UI text of the page (titles, labels, attributes), without the feeds' own content. */
  async function uiText(): Promise<string> {
    return await e.page.evaluate(() => {
      const body = document.body.cloneNode(true) as HTMLElement;
      for (const el of body.querySelectorAll(
        // Commands in code blocks (the intake examples) are the same in every language.
        '.content, .item-title, .item-summary, .source-name, .item-meta .author, input[type="hidden"], script, pre',
      ))
        el.remove();
      const attributes = [...body.querySelectorAll('*')].flatMap((el) =>
        [
          'placeholder',
          'aria-label',
          'title',
          'alt',
          'data-on',
          'data-off',
          'data-done',
          'data-unsupported',
          'data-denied',
          'data-failed',
        ].map((name) => el.getAttribute(name) ?? ''),
      );
      const values = [
        ...body.querySelectorAll<HTMLInputElement>('input[type="submit"], input[type="button"]'),
      ].map((el) => el.value);
      return [document.title, body.textContent ?? '', ...attributes, ...values].join('\n');
    });
  }

  async function expectDutch(path: string, dutch: string[]): Promise<void> {
    const text = await uiText();
    for (const phrase of dutch) expect(text, `${path} shows “${phrase}”`).toContain(phrase);
    expect(
      ENGLISH.filter((piece) => text.includes(piece)),
      `${path}: English left over`,
    ).toEqual([]);
  }

  beforeAll(async () => {
    e = await startE2e({ browserLocale: 'nl-NL' });
  });
  afterAll(async () => {
    await e?.close();
  });

  it('knows enough English to notice a leftover', () => {
    expect(ENGLISH).toEqual(
      expect.arrayContaining([
        'Pull now',
        'Nothing is waiting for later.',
        'Keyboard shortcuts',
        'Next checkpoint:',
        // The reasons of "Why is this here?" come from the catalogs too.
        'arrived within the hour',
        'sources carry this story',
      ]),
    );
    expect(ENGLISH.length).toBeGreaterThan(150);
  });

  it('setup follows the browser language', async () => {
    await e.goto('/setup');
    expect(await e.page.getAttribute('html', 'lang')).toBe('nl');
    await expectDutch('/setup', ['Welkom bij Checkpoint', 'Je e-mailadres', 'Aan de slag']);
    await e.setupInUi({ locale: 'nl' });
  });

  it('sources, checkpoint, reading view, later, starred, search', async () => {
    const user = await e.user();
    expect(user.locale).toBe('nl');
    await expectDutch('/sources', [
      'Bronnen',
      'Een feed of website toevoegen',
      'Een OPML-bestand importeren',
    ]);
    await e.page.fill('#url', e.site.urlFor('/blog/'));
    await Promise.all([
      e.page.waitForLoadState('load'),
      e.page.click('form[action="/sources"] button.primary'),
    ]);
    await expectDutch('/sources (added)', [
      'Geabonneerd op Harbour Town Journal',
      'Feeds en opgehaalde bronnen',
      'Geen categorie',
      'ongelezen',
    ]);
    // The source's own page: its actions, items and fetch history.
    await Promise.all([
      e.page.waitForLoadState('load'),
      e.page.locator('a.source-name', { hasText: 'Harbour Town Journal' }).click(),
    ]);
    await expectDutch('/sources/:id', [
      'Alle bronnen',
      'Nu ophalen',
      'Pauzeren',
      'Laatst opgehaald',
      'Naam en categorie',
      'Ophaalgeschiedenis',
    ]);
    await e.goto('/sources');
    // A mistake in a form is explained in Dutch too.
    await e.page.fill('#url', 'ftp://example.org/feed');
    await Promise.all([
      e.page.waitForLoadState('load'),
      e.page.click('form[action="/sources"] button.primary'),
    ]);
    await expectDutch('/sources (bad URL)', [
      'Alleen http(s)-adressen kunnen gevolgd worden (kreeg ftp:).',
    ]);
    await subscribe(e.app, user.id, e.site.urlFor('/evening/feed.xml'));

    await e.goto('/checkpoint');
    // Items arrived and there was no checkpoint yet: the first one is offered now.
    await expectDutch('/checkpoint (first)', [
      'Je bronnen zijn begonnen met leveren.',
      'Lees wat er binnen is',
      'Volgende checkpoint: maandag 2 mrt',
      'Nu ophalen',
    ]);
    await e.buildAt(FIRST_DUE);
    await e.goto('/checkpoint');
    await expectDutch('/checkpoint', [
      'Je checkpoint van 12:30',
      'Ster geven',
      'Wegleggen',
      'Waarom staat dit hier?',
      'Klaar',
      'Sneltoetsen',
    ]);
    // "Why is this here?": the reasons in Dutch, the points as whole numbers.
    await e.page.locator('details.why summary').first().click();
    const reasons = await e.page.locator('details.why li').allTextContents();
    expect(reasons.length).toBeGreaterThan(5);
    expect(reasons.filter((r) => !/^[+−]?\d+ — /.test(r))).toEqual([]);
    expect(reasons.filter((r) => /\d[.,]\d/.test(r))).toEqual([]);
    // Freshness counts from the post's own date, a little before it arrived (+17 by arrival).
    expect(reasons).toContain('+16 — 5 uur geleden binnengekomen');
    await e.page.keyboard.press('?');
    expect(await e.page.locator('dialog#help h2').textContent()).toBe('Sneltoetsen');
    await e.page.keyboard.press('Escape');

    const first = await e.page.locator('li.item[data-item]').first().getAttribute('data-item');
    await e.goto(`/items/${first}`);
    await expectDutch('/items/:id', [
      'Volledige tekst laden',
      'Markeren als ongelezen',
      'min lezen',
    ]);
    await e.goto('/later');
    await expectDutch('/later', ['Vastgehouden items die niet in je laatste checkpoint pasten.']);
    await e.goto('/starred');
    await expectDutch('/starred', ['Nog geen items met een ster.']);
    await e.goto('/search?q=harbour');
    await expectDutch('/search', ['resultaten voor “harbour”']);
    await e.goto('/search?q=nothingmatches');
    await expectDutch('/search (none)', ['Geen items gevonden voor “nothingmatches”.']);
  });

  it('the Sources tabs: newsletters, social & phone (with a new intake token), imports; sharing', async () => {
    await e.goto('/sources/newsletters');
    await expectDutch('/sources/newsletters', [
      'Nieuwsbrieven',
      'Een mailbox koppelen',
      'Verbinding testen',
      'Je eigen adressen',
      'Deze server heeft nog geen maildomein',
      'Afzenders',
    ]);
    await e.goto('/sources/social');
    await e.page.fill('#intake-label', 'telefoon');
    await Promise.all([
      e.page.waitForLoadState('load'),
      e.page.click('form[action="/sources/social/tokens"] button'),
    ]);
    await expectDutch('/sources/social', [
      'Sociaal & telefoon',
      'Koppelen met Mastodon',
      'App-wachtwoord',
      'Pushberichten van je telefoon en servers',
      'Kopieer dit token nu',
      'iPhone (Opdrachten)',
      'Gesloten platforms',
      'Een account volgen',
    ]);
    await e.goto('/sources/imports');
    await expectDutch('/sources/imports', [
      'Een gegevensexport importeren',
      'Herkennen aan de bestanden',
      'Waar vind ik een export?',
      'Nog niets geïmporteerd.',
    ]);
    // Mistakes in the forms of these tabs are explained in Dutch too.
    const submit = async (selector: string) => {
      await Promise.all([e.page.waitForLoadState('load'), e.page.click(selector)]);
    };
    await e.goto('/sources/newsletters');
    await e.page.fill('#imap-host', 'not a host!');
    await e.page.fill('#imap-user', 'me');
    await e.page.fill('#imap-password', 'secret');
    await submit('#imap-form button.primary');
    await expectDutch('/sources/newsletters (bad host)', [
      '“not a host!” is geen servernaam zoals imap.example.org.',
    ]);
    await e.goto('/sources/social');
    await e.page.fill('#mastodon-instance', 'ftp://example.org');
    await submit('form[action="/sources/social/mastodon"] button.primary');
    await expectDutch('/sources/social (bad instance)', [
      '“ftp://example.org” is geen adres van een Mastodon-server zoals mastodon.social.',
    ]);
    await e.page.selectOption('#follow-platform', 'x');
    await e.page.fill('#follow-account', '@nasa');
    await submit('form[action="/sources/social/follow"] button.primary');
    await expectDutch('/sources/social (no bridge)', [
      'Voor het volgen van X-accounts is een RSSHub- of RSS-Bridge-instantie nodig',
    ]);
    await e.goto('/sources/imports');
    await e.page.setInputFiles('#import-file', {
      name: 'chat.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Chat met Ann, met de hand\n31/12/2023, 23:59 - Ann: prima\n'),
    });
    await e.page.selectOption('#import-kind', 'whatsapp');
    await e.page.click('#import-form button[type=submit]');
    await expect
      .poll(() => e.page.locator('#import-status').getAttribute('class'))
      .toBe('small status-bad');
    await expectDutch('/sources/imports (malformed)', [
      'chat.txt, regel 1: verwachtte een berichtregel zoals “31/12/2023, 23:59 - Naam: tekst”.',
    ]);
    const item = await e.app.db.kysely
      .selectFrom('items')
      .select('id')
      .where('url', 'is not', null)
      .executeTakeFirstOrThrow();
    await e.goto(`/items/${item.id}`);
    await e.page.click('details.share > summary');
    await expectDutch('/items/:id (share)', ['Delen', 'LinkedIn', 'E-mail']);
  });

  it('rules (with a preview), schedule, ledger, settings, users, error page', async () => {
    await e.goto('/rules');
    await e.page.fill('#name', 'Bibliotheek');
    await e.page.selectOption('#field0', 'title');
    await e.page.fill('#value0', 'library');
    await e.page.selectOption('#action', 'boost');
    await e.page.click('#rule-preview');
    await expect
      .poll(() => e.page.locator('#rule-preview-result').textContent())
      .toBe('In de afgelopen 7 dagen zou deze regel 1 item hebben getroffen.');
    await expectDutch('/rules', [
      'Regels',
      'Nieuwe regel',
      'prioriteit is minstens',
      'meteen doorlaten',
      'Voorbeeld',
      'Regel opslaan',
    ]);
    expect(await e.page.locator('ul.items .item-title').allTextContents()).toEqual([
      'Dringende pushberichten komen meteen door',
    ]);
    // A rule that cannot be saved says why in Dutch.
    await e.page.fill('#name', 'Kapot');
    await e.page.selectOption('#op0', 'matches');
    await e.page.fill('#value0', '(');
    await Promise.all([
      e.page.waitForLoadState('load'),
      e.page.click('form[action="/rules"] button.primary'),
    ]);
    await expectDutch('/rules (bad regex)', [
      'Voorwaarde 1: dit is geen geldige reguliere expressie',
    ]);
    await e.goto('/schedule');
    await expectDutch('/schedule', [
      'Schema',
      'maandag',
      'Leestijd per checkpoint',
      'Meldingen toestaan in deze browser',
    ]);
    await e.goto('/ledger');
    await expectDutch('/ledger', ['Logboek', 'Vastgehouden', 'Zou hebben gestoord', 'ma 2 mrt']);
    await e.goto('/settings');
    await expectDutch('/settings', [
      'Instellingen',
      'Wachtwoord wijzigen',
      'API-tokens',
      'Overal uitloggen',
    ]);
    await e.goto('/admin/users');
    await expectDutch('/admin/users', ['Gebruikers', 'Iemand uitnodigen', 'beheerder']);
    await e.goto('/items/424242');
    await expectDutch('error page', [
      'Er ging iets mis',
      'Deze pagina bestaat niet, of is niet van jou.',
    ]);
    expect(e.browser.pageErrors).toEqual([]);
  });
});
