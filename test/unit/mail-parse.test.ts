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
import { declareHtmlCharsets } from '../../src/sources/mail/html-charset.ts';
import { parseListUnsubscribe } from '../../src/sources/mail/list-unsubscribe.ts';
import { messageExternalId, parseMessage } from '../../src/sources/mail/parse-message.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/email/${name}`, import.meta.url));

/** Parses a message and runs the pipeline's pure steps (sanitising) over it. */
async function prepareBytes(raw: Uint8Array) {
  const { draft, mail } = await parseMessage(raw);
  return { draft, mail, item: prepareDraft(draft) };
}

/** The same for a fixture. */
const prepared = (name: string) => prepareBytes(fixture(name));

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

/** What no newsletter body may keep after sanitising, whatever the message. */
function expectInert(html: string | null) {
  expect(html).not.toMatch(/<(script|style|head|meta|iframe|form)\b/i);
  expect(html).not.toMatch(/ on[a-z]+=/i);
  // 1×1 tracking pixels are removed (own/list-id-weekly.eml has one; these have none left).
  expect(html).not.toMatch(/<img[^>]+(width|height)="?1"?[\s/>]/i);
}

describe('parseMessage on low-quality and tricky corpus mail', () => {
  it('enmime: a multipart whose closing boundary is missing keeps its text, not the attachment', async () => {
    const { draft, mail, item } = await prepared('enmime/bad-final-boundary.eml');
    expect(draft).toMatchObject({
      title: 'Attachment',
      author: 'James Hillyerd',
      externalId: 'mid:07B7061D-2676-487E-942E-C341CE4D13DC@makita.skynet',
    });
    expect(draft.publishedAt?.toISOString()).toBe('2012-10-19T05:48:39.000Z');
    expect(mail).toMatchObject({
      from: { name: 'James Hillyerd', address: 'james@makita.skynet' },
      to: 'greg@inbucket',
      unsubscribe: null,
      reason: null,
    });
    expect(item.contentHtml).toBe('<p>A text section</p>');
    expect(item.extra.attachments).toBeUndefined(); // foo_9E5D72.zip
  });

  it('enmime: parts that claim base64 but are not: the valid HTML part wins', async () => {
    const { draft, mail, item } = await prepared('enmime/base64-html-bad-cte.eml');
    expect(draft).toMatchObject({ title: 'alert', author: 'example' });
    expect(mail.from).toEqual({ name: 'example', address: 'example@demo.com' });
    expect(item.summary).toBe('This is an example');
    expect(item.contentHtml).not.toContain('ploozdect'); // the plain text, misdeclared base64
    expectInert(item.contentHtml);
  });

  it('enmime: non-MIME HTML without a charset is read in the charset of its <meta>', async () => {
    const { draft, mail, item } = await prepared('enmime/non-mime-html-no-charset.eml');
    expect(draft).toMatchObject({
      title: 'test Sun, 14 Oct 2012 16:09:01 -0700',
      author: 'James Hillyerd',
    });
    expect(draft.externalId).toMatch(/^hash:/); // no Message-ID
    expect(draft.publishedAt?.toISOString()).toBe('2012-10-14T23:09:01.000Z');
    expect(mail.from.address).toBe('james@hillyerd.com');
    // As enmime's TestDetectCharacterSetInHTML: a Euro sign (windows-1250 0x80), no C1 control.
    expect(item.contentHtml).toContain('\u20ac');
    expect(item.contentHtml).not.toContain('\u0080');
    expect(item.summary).toBe('Unencoded Euro Sign: \u00c2\u20ac');
    expectInert(item.contentHtml);
  });

  it('enmime: an unknown <meta> charset leaves the HTML as it is', async () => {
    const { draft, item } = await prepared('enmime/unknown-charset-html.eml');
    expect(draft).toMatchObject({ title: 'Attachment', author: 'James Hillyerd' });
    expect(item.contentHtml?.trim()).toBe('<p>Hello World!</p>');
  });

  it('mailparser: German HTML-only spam with a bogus boundary parameter and a nested header block', async () => {
    const { draft, mail, item } = await prepared('mailparser/spam-html.eml');
    expect(draft).toMatchObject({
      title: '123.042 Euro pro Jahr GRARANTIERT von einer Bank! KOSTENLOS',
      author: 'Matilda Klein',
      externalId: 'mid:MXQAHQMRSTRWAEMHJAPA@guide-des-vins-de-bourgogne.fr',
    });
    expect(mail).toMatchObject({
      from: { name: 'Matilda Klein', address: 'noreply@guide-des-vins-de-bourgogne.fr' },
      to: 'leon.struck@web.de',
      // No List-Unsubscribe header: the "abmelden" link in the body is only a link.
      unsubscribe: null,
      reason: null,
    });
    expect(item.summary).toMatch(/^Im Jahre 2007 wurde er als „asozialer Penner“ beschimpft!/);
    expect(item.contentHtml).toContain('Vermögen von 100 Millionen Euro!');
    // The boundary lines and the second header block are not shown as text.
    expect(item.contentHtml).not.toMatch(/Freundliche|Transfer-Encoding|iqsbyx/);
    expect(item.contentHtml).toContain(
      '<a href="http://www.geheimesgeld.ru/unsubscribe.php?id=78684302557913" rel="noopener noreferrer nofollow">',
    );
    expect(item.contentHtml).not.toContain('style=');
    expectInert(item.contentHtml);
  });

  it('php-mime-mail-parser: an ISO-2022-JP subject, and an empty HTML part that yields to the text', async () => {
    const { draft, mail, item } = await prepared('php-mime-mail-parser/iso-2022-jp-html.eml');
    expect(draft.title).toBe('ЖД№41 от 28.09.2016');
    expect(draft.author).toBeNull(); // no From at all
    expect(mail).toMatchObject({ from: { name: null, address: null }, unsubscribe: null });
    expect(item.contentHtml).toBe('<p>toto</p>');
    expect(item.summary).toBe('toto');
  });

  it('php-mime-mail-parser: a subject in iso-8859-8-i (Hebrew), attachment ignored', async () => {
    const { draft, mail, item } = await prepared('php-mime-mail-parser/iso-8859-8-i-subject.eml');
    expect(draft).toMatchObject({
      title: "מענה 'אני לא נמצא': Invoice 02722027",
      author: 'Name',
      externalId: 'mid:CAH_ZkVmUSM8t2JxgqcuLCQ8d+R_hkKpNHTubJOQK07y=36+d4Q@mail.gmail.com',
    });
    expect(mail).toMatchObject({
      from: { name: 'Name', address: 'name@company.com' },
      to: 'name@company2.com',
      unsubscribe: null,
    });
    expect(item.contentHtml?.trim()).toBe('<div dir="ltr"><br /></div>');
    expect(item.extra.attachments).toBeUndefined(); // attach01
  });

  it('postal-mime: a Google Calendar invitation shows its HTML, not the calendar or the .ics', async () => {
    const { draft, mail, item } = await prepared('postal-mime/calendar-event.eml');
    expect(draft).toMatchObject({
      title:
        'Invitation: Test event ⏰ @ Thu Apr 11, 2024 11am - 12pm (GMT+3) (andris@ethereal.email)',
      author: 'Andris Reinman',
      externalId: 'mid:calendar-7791cb16-a4f3-43ae-a9a0-ed4003535ae7@google.com',
    });
    expect(mail).toMatchObject({
      from: { name: 'Andris Reinman', address: 'andris@postalsys.com' },
      to: 'andris@ethereal.email',
      unsubscribe: null,
    });
    expect(item.summary).toMatch(/^Test event ⏰ Join with Google Meet/);
    expect(item.contentHtml).toContain(
      '<a href="https://meet.google.com/yew-afgi-ynf?hs=224" rel="noopener noreferrer nofollow">',
    );
    expect(item.contentHtml).not.toMatch(/BEGIN:VCALENDAR|invite\.ics/);
    expect(item.extra.attachments).toBeUndefined();
    expectInert(item.contentHtml);
  });

  it('postal-mime: the MIME torture test shows nested messages inline, attachments not', async () => {
    const { draft, mail, item } = await prepared('postal-mime/mimetorture.eml');
    expect(draft).toMatchObject({
      title: "Ryan Finnie's MIME Torture Test v1.0",
      author: 'Ryan Finnie',
      externalId: 'mid:1066976914.4721.5.camel@localhost',
    });
    expect(mail.from).toEqual({ name: 'Ryan Finnie', address: 'rfinnie@domain.dom' });
    expect(item.summary).toMatch(/^Welcome to Ryan Finnie's MIME torture test\./);
    // message/rfc822 parts, HTML inside them, and the cid: smiley of a multipart/related.
    expect(item.contentHtml).toContain('plain jane message');
    expect(item.contentHtml).toContain('<b>Bold!!!</b>');
    expect(item.contentHtml).toContain('If this sentence is red');
    expect(item.contentHtml).toMatch(/<img src="data:image\/png;base64,/);
    // The HTML file attached (disposition attachment) and the PGP signature stay out.
    expect(item.contentHtml).not.toMatch(/The title says it all|BEGIN PGP SIGNATURE/);
    expectInert(item.contentHtml);
  });
});

describe('HTML parts that declare their charset only inside', () => {
  const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');
  const nested = (html: string[], headers: string[]) =>
    crlf([
      'From: News <news@example.org>',
      'Subject: Nested',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="ab"',
      '',
      '--ab',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'Content-Type: text/html', // text of a part, not a header: never rewritten
      '--abc', // not a delimiter of "ab"
      '--ab',
      'Content-Disposition: inline',
      'Content-Type: message/rfc822',
      '',
      'Subject: inner',
      'Content-Type: multipart/alternative;',
      ' boundary=inner',
      '',
      '--inner',
      ...headers,
      '',
      ...html,
      '--inner--',
      '--ab--',
      '',
    ]);

  it('reads a quoted-printable part nested in a message in the charset of its <meta>', async () => {
    const raw = nested(
      [
        '<html><head><meta http-equiv=3D"Content-Type" content=3D"text/html; charset=3Diso-8859-2">',
        '</head><body><p>Za=BF=F3=B3=E6 g=EA=B6l=B1 ja=BC=F1</p></body></html>',
      ],
      ['Content-Type: text/html', 'Content-Transfer-Encoding: quoted-printable'],
    );
    const declared = declareHtmlCharsets(raw)!;
    const text = declared.toString('latin1');
    expect(text).toContain('\r\nContent-Type: text/html; charset="iso-8859-2"\r\n');
    // Nothing else changed, byte for byte.
    expect(text.replace('; charset="iso-8859-2"', '')).toBe(raw.toString('latin1'));
    const { item } = await prepareBytes(raw);
    expect(item.contentHtml).toContain('Zażółć gęślą jaźń');
  });

  it('decodes a base64 part the same way', async () => {
    const html = Buffer.from(
      '<meta charset="windows-1251"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>',
      'latin1',
    );
    const raw = nested(
      [html.toString('base64')],
      ['Content-Type: text/html', 'Content-Transfer-Encoding: base64'],
    );
    expect((await prepareBytes(raw)).item.contentHtml).toContain('<p>Привет</p>');
  });

  it('leaves declared charsets, attachments, UTF-8 and unknown labels alone', () => {
    const meta = ['<meta charset="windows-1250"><p>x</p>'];
    expect(
      declareHtmlCharsets(nested(meta, ['Content-Type: text/html; charset=utf-8'])),
    ).toBeNull();
    expect(
      declareHtmlCharsets(
        nested(meta, [
          'Content-Type: text/html',
          'Content-Disposition: attachment; filename=a.html',
        ]),
      ),
    ).toBeNull();
    expect(
      declareHtmlCharsets(nested(['<meta charset="utf-8">'], ['Content-Type: text/html'])),
    ).toBeNull();
    expect(
      declareHtmlCharsets(nested(['<meta charset="fakescii-7">'], ['Content-Type: text/html'])),
    ).toBeNull();
    expect(declareHtmlCharsets(crlf(['Subject: plain', '', '<meta charset="koi8-r">']))).toBeNull();
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
