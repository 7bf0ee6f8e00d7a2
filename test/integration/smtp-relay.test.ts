/**
 * The SMTP intake as the internet reaches it: swaks hands messages to a real Postfix, which
 * relays them to the intake the way Gmail or a newsletter platform would — over STARTTLS
 * (Postfix is told to refuse clear text), with 8-bit bodies, SMTPUTF8 addresses and a 20 MB
 * message with an attachment.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listItems } from '../../src/db/repos/items.ts';
import type { SmtpIntake } from '../../src/intake/smtp/server.ts';
import { createMailAddress } from '../../src/services/mail/mail-addresses.ts';
import { startMailIntake } from '../../src/services/mail/mail-intake.ts';
import { getMailDetails } from '../../src/services/mail/senders.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { type Postfix, startPostfix } from '../helpers/postfix.ts';
import { fixtureResolver } from '../helpers/smtp.ts';
import { starttlsHandshake } from '../helpers/starttls.ts';

const DOMAIN = 'in.checkpoint.test';
const resolver = fixtureResolver({ 'good.example': { TXT: ['v=spf1 ip4:127.0.0.1 -all'] } });

/** A self-signed certificate for `cn`, written to `cert.pem` and `key.pem` under `dir`. */
async function makeCertificate(dir: string, cn: string): Promise<void> {
  const fresh = await mkdtemp(join(dir, 'new-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${cn}`].concat([
      '-keyout',
      join(fresh, 'key.pem'),
      '-out',
      join(fresh, 'cert.pem'),
    ]),
    { stdio: 'ignore' },
  );
  // Renamed into place, as certbot and acme.sh swap renewed files.
  await rename(join(fresh, 'key.pem'), join(dir, 'key.pem'));
  await rename(join(fresh, 'cert.pem'), join(dir, 'cert.pem'));
  await rm(fresh, { recursive: true });
}

/** An RFC 5322 message with CRLF line ends. */
function message(headers: Record<string, string>, body: string): string {
  const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return `${head.join('\r\n')}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}\r\n`;
}

describe.each(DIALECTS)('SMTP intake behind Postfix on %s', (dialect) => {
  let t: TestApp;
  let dir: string;
  let intake: SmtpIntake;
  let postfix: Postfix;
  let address: string;
  let userId: number;

  const items = async () => await listItems(t.app.db.kysely, userId, { limit: 100 });
  const held = async (title: string) => (await items()).filter((i) => i.title === title);

  /** swaks → Postfix, then waits until the intake holds the message (Postfix relays at once). */
  async function relay(title: string, raw: string, from = 'news@good.example') {
    const file = join(dir, 'message.eml');
    await writeFile(file, raw);
    const swaks = spawnSync('swaks', [
      ...['--server', '127.0.0.1', '--port', String(postfix.port), '--helo', 'sender.test'],
      ...['--from', from, '--to', address, '--data', `@${file}`, '--suppress-data'],
    ]);
    if (swaks.status !== 0) throw new Error(`swaks failed:\n${swaks.stdout}${swaks.stderr}`);
    for (let i = 0; i < 1200 && (await held(title)).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const found = await held(title);
    if (found.length === 0) throw new Error(`not held: ${title}\n${await postfix.log()}`);
    return found;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-smtp-relay-'));
    await makeCertificate(dir, 'mx-one.checkpoint.test');
    t = await openTestApp(dialect, {
      env: {
        CHECKPOINT_MAIL_DOMAIN: DOMAIN,
        CHECKPOINT_SMTP_TLS_CERT: join(dir, 'cert.pem'),
        CHECKPOINT_SMTP_TLS_KEY: join(dir, 'key.pem'),
      },
    });
    userId = (await t.app.db.kysely.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    intake = await startMailIntake(t.app, { port: 0, host: '127.0.0.1', resolver });
    address = (await createMailAddress(t.app, userId, { label: 'Relayed' })).address!;
    postfix = await startPostfix({ domain: DOMAIN, relayPort: intake.port });
  }, 60_000);
  afterAll(async () => {
    await postfix?.stop();
    await intake?.close();
    await t?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('offers STARTTLS and a 25 MB SIZE, with the configured certificate', async () => {
    const handshake = await starttlsHandshake(intake.port);
    expect(handshake.ehlo).toMatch(/^250[- ]STARTTLS\r$/m);
    expect(handshake.ehlo).toMatch(/^250[- ]SIZE 26214400\r$/m);
    expect(handshake.commonName).toBe('mx-one.checkpoint.test');
    expect(handshake.protocol).toMatch(/^TLSv1\.[23]$/);
  });

  it('holds an 8-bit message relayed over STARTTLS once, and the conversation shows TLS', async () => {
    const title = 'Brötchen-Newsletter: Grüße aus der Backstube';
    const raw = message(
      {
        From: 'Bäckerei Müller <news@good.example>',
        To: address,
        Subject: title,
        'Message-ID': '<eight-bit-1@good.example>',
        Date: 'Mon, 02 Mar 2026 07:00:00 +0000',
        'MIME-Version': '1.0',
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Transfer-Encoding': '8bit',
      },
      'Frische Brötchen, Käsekuchen und Grüße — ab 6 Uhr.',
    );
    const [item, ...more] = await relay(title, raw);
    expect(more).toHaveLength(0);
    expect(item?.author).toBe('Bäckerei Müller');
    expect(item?.content_html).toContain('Käsekuchen und Grüße — ab 6 Uhr');
    const details = await getMailDetails(t.app, userId, item!.id);
    expect(details.auth).toMatchObject({ spf: { result: 'pass', domain: 'good.example' } });
    // The intake noted how the message reached it.
    const row = await t.app.db.kysely
      .selectFrom('items')
      .select('extra')
      .where('id', '=', item!.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(String(row.extra)).tls).toMatch(/^TLSv1\.[23] TLS_/);
    const log = await postfix.log();
    expect(log).toMatch(
      new RegExp(
        `TLS connection established to 127\\.0\\.0\\.1\\[127\\.0\\.0\\.1\\]:${intake.port}: TLSv1\\.[23] with cipher`,
      ),
    );
    expect(log).toMatch(/status=sent \(250 2\.6\.0 OK: held until your next checkpoint\)/);
  });

  it('holds a message with SMTPUTF8 addresses and raw UTF-8 headers once', async () => {
    const title = 'Рассылка: новости недели';
    const raw = message(
      {
        From: 'Редакция <редакция@good.example>',
        To: address,
        Subject: title,
        'Message-ID': '<smtputf8-1@good.example>',
        Date: 'Mon, 02 Mar 2026 08:00:00 +0000',
        'MIME-Version': '1.0',
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Transfer-Encoding': '8bit',
      },
      '<p>Главные новости недели</p>',
    );
    const [item, ...more] = await relay(title, raw, 'редакция@good.example');
    expect(more).toHaveLength(0);
    expect(item?.author).toBe('Редакция');
    expect(item?.content_html).toContain('Главные новости недели');
    const details = await getMailDetails(t.app, userId, item!.id);
    expect(details.from).toMatchObject({ address: 'редакция@good.example' });
  });

  it('holds a 20 MB newsletter with an attachment once', async () => {
    const title = 'The Big Picture — 20 MB issue';
    const attachment = randomBytes(14_800_000).toString('base64').replace(/.{76}/g, '$&\n');
    const raw = message(
      {
        From: 'Big Picture <news@good.example>',
        To: address,
        Subject: title,
        'Message-ID': '<twenty-mb-1@good.example>',
        Date: 'Mon, 02 Mar 2026 09:00:00 +0000',
        'MIME-Version': '1.0',
        'Content-Type': 'multipart/mixed; boundary="b1"',
      },
      [
        '--b1',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>This week in pictures.</p>',
        '--b1',
        'Content-Type: image/tiff; name="cover.tif"',
        'Content-Disposition: attachment; filename="cover.tif"',
        'Content-Transfer-Encoding: base64',
        '',
        attachment,
        '--b1--',
      ].join('\n'),
    );
    expect(Buffer.byteLength(raw)).toBeGreaterThan(20 * 1000 * 1000);
    const [item, ...more] = await relay(title, raw);
    expect(more).toHaveLength(0);
    expect(item?.content_html).toBe('<p>This week in pictures.</p>');
  }, 120_000);

  it('presents a renewed certificate to the next connection without a restart', async () => {
    await makeCertificate(dir, 'mx-two.checkpoint.test');
    const handshake = await starttlsHandshake(intake.port);
    expect(handshake.commonName).toBe('mx-two.checkpoint.test');
  });
});
