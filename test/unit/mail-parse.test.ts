import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recipientLocalPart } from '../../src/intake/smtp/recipient.ts';
import { prepareDraft } from '../../src/pipeline/prepare.ts';
import { uidSet } from '../../src/sources/imap/mailbox-client.ts';
import {
  isMarkedSender,
  newsletterReason,
  normaliseMarkedSender,
  senderAddress,
} from '../../src/sources/mail/detect.ts';
import { decodeWords, parseHeaderBlock } from '../../src/sources/mail/headers.ts';
import { parseListUnsubscribe } from '../../src/sources/mail/list-unsubscribe.ts';
import { messageExternalId, parseMessage } from '../../src/sources/mail/parse-message.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/email/${name}`, import.meta.url));

/** Parses a fixture and runs the pipeline's pure steps (sanitising) over it. */
async function prepared(name: string) {
  const { draft, mail } = await parseMessage(fixture(name));
  return { draft, mail, item: prepareDraft(draft) };
}

describe('parseMessage on real newsletters', () => {
  it('Vitamart (Infusionsoft): sender, subject, sanitised body, https unsubscribe', async () => {
    const { draft, mail, item } = await prepared('php-mime-mail-parser/vitamart-promo.eml');
    expect(draft).toMatchObject({
      kind: 'newsletter',
      title: 'Up to $30 Off Multivitamins!',
      author: 'Vitamart.ca',
      externalId: 'mid:456567557.4415501395943566828.JavaMail.tomcat@rewind',
    });
    expect(draft.publishedAt?.toISOString()).toBe('2014-03-27T18:06:06.000Z');
    expect(mail.from).toEqual({ name: 'Vitamart.ca', address: 'service@vitamart.ca' });
    expect(mail.reason).toBe('list-unsubscribe');
    expect(mail.unsubscribe).toEqual({
      web: [
        'https://healthmarketing.infusionsoft.com/app/optOut/noConfirm/4852414/3fd76deeb52f82ce',
      ],
      mailto: [],
      oneClick: false,
      post: null,
    });
    expect(item.contentHtml).toContain('Multivitamins');
    expect(item.contentHtml).not.toMatch(/<(script|style|head)\b/i);
    expect(item.summary).toMatch(/^Having trouble viewing this e/);
  });

  it('Discover Card News (2002, ISO-8859-1 HTML with a bad transfer-encoding token)', async () => {
    const { draft, mail, item } = await prepared('mikel-mail/discover-card-newsletter-2002.eml');
    expect(draft.title).toBe('Discover(R) Card News Online - January 2002');
    expect(mail.from).toEqual({
      name: 'Discover Card',
      address: 'discovercard_newsflash@discover.qrs1.net',
    });
    expect(mail.unsubscribe).toBeNull();
    expect(mail.reason).toBeNull();
    expect(item.contentHtml).toContain('Account Center');
    expect(item.contentHtml).not.toMatch(/ on[a-z]+=/i);
  });

  it('Provantage announcement and a bulk mailing in x-mac-cyrillic', async () => {
    const provantage = await prepared('mikel-mail/provantage-announcement.eml');
    expect(provantage.draft).toMatchObject({
      title: 'The Original Advantage #e13011',
      author: 'announcements@provantage.com',
    });
    expect(provantage.item.summary).toMatch(/^December 04, 2001/);
    const bulk = await prepared('php-mime-mail-parser/x-mac-cyrillic-bulk.eml');
    expect(bulk.draft.author).toBe('Science and Education Foundation, Bulgaria');
    expect(bulk.item.contentHtml).toContain('ACADEMIC');
    expect(bulk.item.contentHtml).toContain('href="http://scientific-news.net/ise/ise19-eng.html');
  });

  it('decodes bodies in Shift_JIS, ISO-2022-JP and ks_c_5601-1987, and RFC 6532 headers', async () => {
    expect((await prepared('mikel-mail/japanese_shift_jis.eml')).item.summary).toContain(
      'このメールはテスト用のメールです',
    );
    expect((await prepared('mikel-mail/japanese_iso_2022.eml')).draft.title).toBe('まみむめも');
    expect((await prepared('mikel-mail/ks_c_5601-1987.eml')).item.summary).toBe('스티해');
    const utf8 = await prepared('mikel-mail/rfc6532_utf8_headers.eml');
    expect(utf8.draft).toMatchObject({ title: 'Säying Hello', author: 'Jöhn Doe' });
    expect(utf8.mail.from.address).toBe('jdöe@mächine.example');
  });

  it('keeps inline cid: images as data: URLs and ignores attachments', async () => {
    const { item } = await prepared('enmime/html-only-inline.eml');
    expect(item.contentHtml).toMatch(/<img[^>]+src="data:image\/png;base64,/);
    const { item: nodemailer } = await prepared('mailparser/nodemailer.eml');
    expect(nodemailer.contentHtml).toContain('<b>Hello</b> to myself');
    expect(nodemailer.extra.attachments).toBeUndefined();
  });
});

describe('parseMessage on fixtures written for Checkpoint', () => {
  it('List-Id newsletter: unfolded List-Unsubscribe, encoded subject, tracking pixel removed', async () => {
    const { draft, mail, item } = await prepared('own/list-id-weekly.eml');
    expect(draft).toMatchObject({
      title: 'The Weekly — Issue 42: Cafés',
      author: 'The Weekly Example',
    });
    expect(mail).toMatchObject({
      listId: 'The Weekly Example <weekly.news.example.org>',
      reason: 'list-id',
      to: 'reader@example.net',
      unsubscribe: {
        web: ['https://news.example.org/unsubscribe?u=42&list=weekly'],
        mailto: ['mailto:leave-42@lists.example.org?subject=unsubscribe'],
        oneClick: false,
      },
    });
    expect(item.contentHtml).toContain('<img src="https://img.example.org/cafe.jpg"');
    expect(item.contentHtml).not.toContain('track.example.org');
    expect(item.contentHtml).not.toMatch(/script|onclick|<style|alert/);
    expect(item.contentHtml).toContain('rel="noopener noreferrer nofollow"');
  });

  it('RFC 8058 one-click, ISO-8859-1 quoted-printable HTML', async () => {
    const { mail, item, draft } = await prepared('own/one-click.eml');
    expect(mail.unsubscribe).toEqual({
      web: ['https://shop.example.com/u/one-click/abc123'],
      mailto: ['mailto:unsubscribe@shop.example.com?subject=abc123'],
      oneClick: true,
      post: 'List-Unsubscribe=One-Click',
    });
    expect(draft.publishedAt?.toISOString()).toBe('2026-03-03T08:15:00.000Z');
    expect(item.contentHtml?.trim()).toBe(
      '<p>Sale: 20 % off everything à la carte. Grüße from the shop.</p>\n<p></p>',
    );
  });

  it('Precedence: bulk with a base64 text body becomes escaped, linked HTML', async () => {
    const { mail, item } = await prepared('own/precedence-bulk.eml');
    expect(mail.reason).toBe('precedence');
    expect(item.contentHtml).toContain('<a href="https://club.example.org/calendar"');
    expect(item.contentHtml).toContain('&lt;3');
  });

  it('falls back to a stable hash id without Message-ID, and to the arrival date without Date', async () => {
    const raw = fixture('own/no-message-id.eml');
    const first = await parseMessage(raw, { folder: 'INBOX' });
    const again = await parseMessage(raw, { folder: 'INBOX' });
    const elsewhere = await parseMessage(raw, { folder: 'Archive' });
    expect(first.draft.externalId).toMatch(/^hash:/);
    expect(again.draft.externalId).toBe(first.draft.externalId);
    expect(elsewhere.draft.externalId).not.toBe(first.draft.externalId);
    const undated = await parseMessage('Subject: hi\r\n\r\nbody', {
      receivedAt: new Date('2026-01-02T03:04:05Z'),
    });
    expect(undated.draft.publishedAt?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });
});

describe('List-Unsubscribe', () => {
  it('reads folded, RFC 2047-encoded and bracket-less values', () => {
    expect(
      parseListUnsubscribe('<https://a.example/u?x=1>,\r\n <mailto:u@a.example>', null),
    ).toMatchObject({
      web: ['https://a.example/u?x=1'],
      mailto: ['mailto:u@a.example'],
    });
    expect(
      parseListUnsubscribe(
        '=?us-ascii?Q?=3Chttps=3A=2F=2Fa=2Eexample=2Fu=3E?=',
        'List-Unsubscribe=One-Click',
      ),
    ).toMatchObject({ web: ['https://a.example/u'], oneClick: true });
    expect(parseListUnsubscribe('https://a.example/u?id=1 mailto:x@a.example', null)).toMatchObject(
      {
        web: ['https://a.example/u?id=1'],
        mailto: ['mailto:x@a.example'],
      },
    );
    // RFC 2369 §2: white space inside the brackets is ignored.
    expect(parseListUnsubscribe('<https://a.example/very/\r\n long>', null)?.web).toEqual([
      'https://a.example/very/long',
    ]);
  });

  it('needs a web URI and the exact token for one-click', () => {
    expect(
      parseListUnsubscribe('<mailto:u@a.example>', 'List-Unsubscribe=One-Click')?.oneClick,
    ).toBe(false);
    expect(parseListUnsubscribe('<https://a.example/u>', 'List-Unsubscribe=Yes')?.oneClick).toBe(
      false,
    );
    expect(parseListUnsubscribe('<ftp://a.example/u>', null)).toBeNull();
    expect(parseListUnsubscribe(null, 'List-Unsubscribe=One-Click')).toBeNull();
  });
});

describe('newsletter detection and helpers', () => {
  const headers = (text: string) => parseHeaderBlock(`${text}\r\n\r\nbody`);

  it('recognises list headers, Precedence and marked senders, and nothing else', () => {
    expect(newsletterReason(headers('List-Id: <a.example>'), [])).toBe('list-id');
    expect(newsletterReason(headers('List-Unsubscribe: <https://a.example/u>'), [])).toBe(
      'list-unsubscribe',
    );
    expect(newsletterReason(headers('Precedence: Bulk'), [])).toBe('precedence');
    expect(newsletterReason(headers('Precedence: junk'), [])).toBeNull();
    expect(
      newsletterReason(headers('From: "W" <Letters@Mail.Writer.example>'), ['@writer.example']),
    ).toBe('marked-sender');
    expect(newsletterReason(headers('From: friend@example.net'), ['@writer.example'])).toBeNull();
  });

  it('normalises marked senders and matches subdomains', () => {
    expect(normaliseMarkedSender(' News@Example.org ')).toBe('news@example.org');
    expect(normaliseMarkedSender('example.org')).toBe('@example.org');
    expect(normaliseMarkedSender('not a sender')).toBeNull();
    expect(isMarkedSender('a@news.example.org', ['@example.org'])).toBe(true);
    expect(isMarkedSender('a@notexample.org', ['@example.org'])).toBe(false);
    expect(senderAddress('=?utf-8?Q?Caf=C3=A9?= <Hello@Cafe.example>')).toBe('hello@cafe.example');
  });

  it('decodes encoded words, joining split multi-byte characters', () => {
    expect(decodeWords('=?utf-8?Q?Caf=C3?= =?utf-8?Q?=A9?= ok')).toBe('Café ok');
    expect(decodeWords('=?iso-8859-1?Q?Gr=FC=DFe?= =?utf-8?B?4piV?=')).toBe('Grüße☕');
    expect(decodeWords('plain =?bogus?Q?x?=')).toBe('plain x');
  });

  it('builds UID sets, ids and recipients', () => {
    expect(uidSet([1, 2, 3, 7, 9, 10])).toBe('1:3,7,9:10');
    expect(uidSet([5])).toBe('5');
    expect(messageExternalId('a@b', new Map(), 'INBOX', '')).toBe('mid:a@b');
    expect(recipientLocalPart('Abc+Weekly@In.Example.org', 'in.example.org')).toBe('abc');
    expect(recipientLocalPart('abc@other.example', 'in.example.org')).toBeNull();
  });
});
