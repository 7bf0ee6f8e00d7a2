import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listItems } from '../../src/db/repos/items.ts';
import { findSource } from '../../src/db/repos/sources.ts';
import type { SmtpIntake } from '../../src/intake/smtp/server.ts';
import { startSmtpIntake } from '../../src/intake/smtp/server.ts';
import {
  createMailAddress,
  type MailAddressView,
  removeMailAddress,
} from '../../src/services/mail/mail-addresses.ts';
import { startMailIntake } from '../../src/services/mail/mail-intake.ts';
import { getMailDetails, listSenders } from '../../src/services/mail/senders.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { fixtureResolver, smtpConversation } from '../helpers/smtp.ts';

const DOMAIN = 'in.checkpoint.test';
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/email/${name}`, import.meta.url));

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const DKIM_PUBLIC = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const DKIM_PRIVATE = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** DNS as the senders publish it: good.example signs and allows 127.0.0.1, bad.example does not. */
const resolver = fixtureResolver({
  'good.example': { TXT: ['v=spf1 ip4:127.0.0.1 -all'] },
  'sel._domainkey.good.example': { TXT: [`v=DKIM1; k=rsa; p=${DKIM_PUBLIC}`] },
  '_dmarc.good.example': { TXT: ['v=DMARC1; p=reject'] },
  'bad.example': { TXT: ['v=spf1 ip4:192.0.2.10 -all'] },
  '_dmarc.bad.example': { TXT: ['v=DMARC1; p=quarantine'] },
});

describe.each(DIALECTS)('SMTP intake on %s', (dialect) => {
  let t: TestApp;
  let intake: SmtpIntake;
  let weekly: MailAddressView;
  let userId: number;
  const send = (mail: nodemailer.SendMailOptions) =>
    nodemailer
      .createTransport({
        host: '127.0.0.1',
        port: intake.port,
        secure: false,
        ignoreTLS: true,
        name: 'mx.good.example',
      })
      .sendMail(mail);
  const items = async () => await listItems(t.app.db.kysely, userId, { limit: 100 });
  const byTitle = async (title: string) => (await items()).find((i) => i.title === title);

  beforeAll(async () => {
    t = await openTestApp(dialect, { env: { CHECKPOINT_MAIL_DOMAIN: DOMAIN } });
    userId = (await t.app.db.kysely.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    intake = await startMailIntake(t.app, {
      port: 0,
      host: '127.0.0.1',
      maxBytes: 64 * 1024,
      resolver,
    });
    weekly = await createMailAddress(t.app, userId, { label: 'Weekly' });
  });
  afterAll(async () => {
    await intake.close();
    await t.cleanup();
  });

  it('hands out random addresses on the configured domain, each with its own source', async () => {
    expect(weekly.address).toMatch(new RegExp(`^[a-z2-7]{12}@${DOMAIN.replace(/\./g, '\\.')}$`));
    const source = await findSource(t.app.db.kysely, userId, weekly.sourceId);
    expect(source).toMatchObject({ kind: 'smtp', name: 'Weekly', url: `mailto:${weekly.address}` });
  });

  it('accepts mail for an own address and answers 250 only once it is stored', async () => {
    const info = await send({
      from: '"Good News" <news@good.example>',
      to: weekly.address!,
      subject: 'Multipart with an attachment',
      text: 'Plain version',
      html: '<p>HTML <b>version</b></p><img src="https://t.good.example/o.gif" width="1" height="1">',
      attachments: [{ filename: 'report.pdf', content: Buffer.from('%PDF-1.4 secret attachment') }],
      headers: { 'List-Id': '<news.good.example>' },
      dkim: { domainName: 'good.example', keySelector: 'sel', privateKey: DKIM_PRIVATE },
    });
    expect(info.response).toMatch(/^250 /);
    // The 250 came after the commit: the item is there now.
    const item = await byTitle('Multipart with an attachment');
    expect(item).toMatchObject({
      kind: 'newsletter',
      source_kind: 'smtp',
      author: 'Good News',
      would_push: 1,
    });
    expect(item?.content_html).toBe('<p>HTML <b>version</b></p>');
    expect(item?.content_html).not.toContain('secret attachment');
    const details = await getMailDetails(t.app, userId, item!.id);
    expect(details).toMatchObject({
      from: { name: 'Good News', address: 'news@good.example' },
      to: weekly.address,
      listId: '<news.good.example>',
      reason: 'list-id',
      remoteImages: 'block',
    });
    expect(details.auth).toMatchObject({
      spf: { result: 'pass', domain: 'good.example' },
      dkim: [{ result: 'pass', domain: 'good.example', aligned: true }],
      dmarc: { result: 'pass', policy: 'reject' },
      summary: 'spf=pass dkim=pass dmarc=pass',
    });
  });

  it('records failing SPF and DMARC for a sender whose DNS does not allow us', async () => {
    await send({ from: 'promo@bad.example', to: weekly.address!, subject: 'Spoofed', text: 'x' });
    const details = await getMailDetails(t.app, userId, (await byTitle('Spoofed'))!.id);
    expect(details.auth).toMatchObject({
      spf: { result: 'fail' },
      dkim: [],
      dmarc: { result: 'fail', policy: 'quarantine' },
      summary: 'spf=fail dkim=none dmarc=fail',
    });
    const senders = await listSenders(t.app, userId);
    expect(senders.find((s) => s.sender === 'promo@bad.example')?.auth?.summary).toBe(
      'spf=fail dkim=none dmarc=fail',
    );
  });

  it('rejects unknown recipients at RCPT with 550 5.1.1', async () => {
    await expect(
      send({ from: 'news@good.example', to: `nobody@${DOMAIN}`, subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({
      responseCode: 550,
      response: expect.stringMatching(/^550 5\.1\.1 /),
    });
    await expect(
      send({ from: 'news@good.example', to: 'someone@elsewhere.example', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });

  it('refuses a message over the size limit with 552 5.3.4, declared or not', async () => {
    const big = 'x'.repeat(80 * 1024);
    await expect(
      send({ from: 'news@good.example', to: weekly.address!, subject: 'Too big', text: big }),
    ).rejects.toMatchObject({
      responseCode: 552,
      response: expect.stringMatching(/^552 5\.3\.4 /),
    });
    // Without a SIZE parameter the limit is enforced while the data streams in.
    const replies = await smtpConversation(intake.port, [
      'EHLO mx.good.example',
      'MAIL FROM:<news@good.example>',
      `RCPT TO:<${weekly.address}>`,
      'DATA',
      `Subject: Streamed too big\r\n\r\n${'y'.repeat(70 * 1024)}\r\n.`,
      'QUIT',
    ]);
    expect(replies[0]).toMatch(/^250-.*\r\n250[- ]SIZE 65536/s);
    expect(replies[4]).toMatch(/^552 5\.3\.4 /);
    expect(await byTitle('Too big')).toBeUndefined();
    expect(await byTitle('Streamed too big')).toBeUndefined();
  });

  it('decodes non-UTF-8 charsets, quoted-printable and base64 bodies', async () => {
    const raws: [string, string, string][] = [
      ['mikel-mail/japanese_shift_jis.eml', 'test', 'このメールはテスト用のメールです'],
      ['mikel-mail/ks_c_5601-1987.eml', 'test', '스티해'],
      [
        'php-mime-mail-parser/x-mac-cyrillic-bulk.eml',
        'Scientific conferences, Bulgaria 2019',
        'ACADEMIC',
      ],
      ['own/one-click.eml', 'Spring sale starts today', 'Grüße'],
      [
        'own/precedence-bulk.eml',
        'Club news: training moves to Thursday',
        'https://club.example.org/calendar',
      ],
    ];
    for (const [name] of raws) {
      const info = await send({
        envelope: { from: 'bounce@good.example', to: [weekly.address!] },
        raw: fixture(name),
      });
      expect(info.response).toMatch(/^250 /);
    }
    const stored = await items();
    for (const [name, title, text] of raws) {
      const found = stored.filter((i) => i.title === title && i.content_html?.includes(text));
      expect(found, name).toHaveLength(1);
    }
  });

  it('stores a redelivered message once', async () => {
    const raw = fixture('own/list-id-weekly.eml');
    await send({ envelope: { from: 'bounce@good.example', to: [weekly.address!] }, raw });
    await send({ envelope: { from: 'bounce@good.example', to: [weekly.address!] }, raw });
    const copies = (await items()).filter((i) => i.title === 'The Weekly — Issue 42: Cafés');
    expect(copies).toHaveLength(1);
    expect(copies[0]?.content_html).not.toContain('track.example.org');
    expect(copies[0]?.content_html).not.toContain('<script');
  });

  it('refuses mail for a removed address but keeps what arrived', async () => {
    const temp = await createMailAddress(t.app, userId, { label: 'Short-lived' });
    await send({
      from: 'news@good.example',
      to: temp.address!,
      subject: 'Before removal',
      text: 'kept',
    });
    await removeMailAddress(t.app, userId, temp.address!);
    await expect(
      send({ from: 'news@good.example', to: temp.address!, subject: 'After removal', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect(await byTitle('Before removal')).toBeDefined();
    const source = await findSource(t.app.db.kysely, userId, temp.sourceId);
    expect(source).toMatchObject({
      enabled: 0,
      disabled_reason: `address ${temp.address} removed`,
    });
  });
});

describe('SMTP intake when storing fails', () => {
  it('answers 451 4.3.0 so that the sender retries', async () => {
    const intake = await startSmtpIntake({
      host: '127.0.0.1',
      port: 0,
      domain: DOMAIN,
      resolver,
      acceptLocalPart: async () => true,
      deliver: async () => {
        throw new Error('disk full');
      },
    });
    try {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: intake.port,
        ignoreTLS: true,
      });
      await expect(
        transport.sendMail({ from: 'a@good.example', to: `x@${DOMAIN}`, subject: 's', text: 't' }),
      ).rejects.toMatchObject({
        responseCode: 451,
        response: expect.stringMatching(/^451 4\.3\.0 /),
      });
    } finally {
      await intake.close();
    }
  });
});
