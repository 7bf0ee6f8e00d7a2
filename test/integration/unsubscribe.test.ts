import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMailAddress, findMailAddressByLocalPart } from '../../src/db/repos/mail-addresses.ts';
import { findSource } from '../../src/db/repos/sources.ts';
import { insertUser } from '../../src/db/repos/users.ts';
import { ingestDrafts } from '../../src/services/items/ingest.ts';
import {
  createMailAddress,
  getMailAddress,
  listMailAddressViews,
  type MailAddressView,
  updateMailAddress,
} from '../../src/services/mail/mail-addresses.ts';
import { listSenders } from '../../src/services/mail/senders.ts';
import { listUnsubscribeViews, unsubscribeItem } from '../../src/services/mail/unsubscribe.ts';
import { parseMessage } from '../../src/sources/mail/parse-message.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/email/${name}`, import.meta.url), 'utf8');

/** A real SMTP server that keeps what it receives (the relay behind CHECKPOINT_SMTP_URL). */
async function startMailCatcher() {
  const received: { from: string; to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        raw += chunk;
      });
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  const listener = server.listen(0, '127.0.0.1');
  await new Promise((resolve) => listener.once('listening', resolve));
  return {
    port: (listener.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(DIALECTS)('unsubscribe and senders on %s', (dialect) => {
  let t: TestApp;
  let web: FixtureServer;
  let catcher: Awaited<ReturnType<typeof startMailCatcher>>;
  let userId: number;
  let address: MailAddressView;
  const ids: Record<string, number> = {};

  /** Stores a fixture in the address's source, as the SMTP intake would. */
  const deliver = async (key: string, raw: string) => {
    const source = (await findSource(t.app.db.kysely, userId, address.sourceId))!;
    const { draft } = await parseMessage(raw);
    const stored = await ingestDrafts(t.app, source, [draft]);
    ids[key] = stored.inserted[0]!;
  };

  beforeAll(async () => {
    web = await startFixtureServer();
    catcher = await startMailCatcher();
    t = await openTestApp(dialect, {
      env: {
        CHECKPOINT_MAIL_DOMAIN: 'in.checkpoint.test',
        CHECKPOINT_SMTP_URL: `smtp://127.0.0.1:${catcher.port}`,
      },
    });
    userId = (await t.app.db.kysely.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    address = await createMailAddress(t.app, userId, { label: 'Shops' });
    web.route('/u/one-click', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('unsubscribed');
    });
    web.route('/u/broken', (_req, res) => {
      res.writeHead(500).end('oops');
    });
    const oneClick = fixture('own/one-click.eml');
    await deliver(
      'oneClick',
      oneClick.replace('https://shop.example.com/u/one-click/abc123', web.urlFor('/u/one-click')),
    );
    await deliver(
      'broken',
      oneClick
        .replace('https://shop.example.com/u/one-click/abc123', web.urlFor('/u/broken'))
        .replace('sale-2026-03@', 'broken@')
        .replace('deals@shop.example.com', 'deals@broken.example'),
    );
    await deliver(
      'blocked',
      oneClick
        .replace('https://shop.example.com/u/one-click/abc123', 'http://10.1.2.3/u')
        .replace('sale-2026-03@', 'blocked@')
        .replace('deals@shop.example.com', 'deals@private.example'),
    );
    await deliver('weekly', fixture('own/list-id-weekly.eml'));
    await deliver('personal', fixture('own/personal.eml'));
  });
  afterAll(async () => {
    await t.cleanup();
    await web.close();
    await catcher.close();
  });

  it('sends the RFC 8058 one-click POST through the safe fetcher', async () => {
    const result = await unsubscribeItem(t.app, userId, ids.oneClick!);
    expect(result).toMatchObject({
      method: 'one-click',
      status: 'done',
      httpStatus: 200,
      sender: 'deals@shop.example.com',
      target: web.urlFor('/u/one-click'),
    });
    const [request] = web.requests('/u/one-click');
    expect(request).toMatchObject({ method: 'POST' });
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.cookie).toBeUndefined();
    expect(request?.headers['content-length']).toBe(String('List-Unsubscribe=One-Click'.length));
  });

  it('records a failed one-click, and one the SSRF guard refused', async () => {
    expect(await unsubscribeItem(t.app, userId, ids.broken!)).toMatchObject({
      status: 'failed',
      httpStatus: 500,
      detail: 'unsubscribe: the sender answered HTTP 500',
    });
    const blocked = await unsubscribeItem(t.app, userId, ids.blocked!);
    expect(blocked).toMatchObject({ method: 'one-click', status: 'failed', httpStatus: null });
    expect(blocked.detail).toMatch(/10\.1\.2\.3 is a private address \(blocked\)/);
  });

  it('offers the link when there is no one-click, and sends the mailto on request', async () => {
    const offered = await unsubscribeItem(t.app, userId, ids.weekly!);
    expect(offered).toMatchObject({
      method: 'https',
      status: 'offered',
      target: 'https://news.example.org/unsubscribe?u=42&list=weekly',
    });
    const mailed = await unsubscribeItem(t.app, userId, ids.weekly!, { prefer: 'mailto' });
    expect(mailed).toMatchObject({
      method: 'mailto',
      status: 'done',
      detail: 'sent from reader@example.net',
    });
    expect(catcher.received).toHaveLength(1);
    expect(catcher.received[0]).toMatchObject({
      from: 'reader@example.net',
      to: ['leave-42@lists.example.org'],
    });
    expect(catcher.received[0]?.raw).toMatch(/^Subject: unsubscribe$/m);
  });

  it('refuses items without List-Unsubscribe and items of other users', async () => {
    await expect(unsubscribeItem(t.app, userId, ids.personal!)).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const other = await insertUser(t.app.db.kysely, {
      email: `other-${dialect}@example.org`,
      created_at: 1,
    });
    await expect(unsubscribeItem(t.app, other.id, ids.oneClick!)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await listSenders(t.app, other.id)).toEqual([]);
  });

  it('lists senders with their last unsubscribe and the attempts newest first', async () => {
    const senders = await listSenders(t.app, userId);
    expect(senders.map((s) => s.sender).sort()).toEqual([
      'deals@broken.example',
      'deals@private.example',
      'deals@shop.example.com',
      'sam@example.net',
      'weekly@news.example.org',
    ]);
    const weekly = senders.find((s) => s.sender === 'weekly@news.example.org');
    expect(weekly).toMatchObject({
      name: 'The Weekly Example',
      count: 1,
      latestItemId: ids.weekly,
      sources: [{ id: address.sourceId, name: 'Shops', kind: 'smtp' }],
      lastUnsubscribe: { method: 'mailto', status: 'done' },
    });
    const attempts = await listUnsubscribeViews(t.app, userId);
    expect(attempts.map((a) => a.status)).toEqual(['done', 'offered', 'failed', 'failed', 'done']);
  });
});

describe.each(DIALECTS)('own addresses on %s', (dialect) => {
  let t: TestApp;
  let userId: number;
  beforeAll(async () => {
    t = await openTestApp(dialect, { env: { CHECKPOINT_MAIL_DOMAIN: 'In.Checkpoint.test' } });
    userId = (await t.app.db.kysely.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('creates unique addresses scoped to their user, found by id, address or local part', async () => {
    const a = await createMailAddress(t.app, userId, { label: ' News ' });
    const b = await createMailAddress(t.app, userId);
    expect(a.address).toMatch(/@in\.checkpoint\.test$/);
    expect(a).toMatchObject({ label: 'News', remoteImages: 'block' });
    expect(b.label).toBeNull();
    expect(a.localPart).not.toBe(b.localPart);
    expect((await findMailAddressByLocalPart(t.app.db.kysely, a.localPart))?.id).toBe(a.id);
    expect((await getMailAddress(t.app, userId, a.address!.toUpperCase())).id).toBe(a.id);
    expect((await getMailAddress(t.app, userId, String(b.id))).id).toBe(b.id);
    const other = await insertUser(t.app.db.kysely, {
      email: `o-${dialect}@example.org`,
      created_at: 1,
    });
    expect(await findMailAddress(t.app.db.kysely, other.id, { id: a.id })).toBeUndefined();
    await expect(getMailAddress(t.app, other.id, a.id)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('changes the label and the remote-image choice together with the source', async () => {
    const [first] = await listMailAddressViews(t.app, userId);
    const changed = await updateMailAddress(t.app, userId, first!.id, {
      label: 'Daily',
      remoteImages: 'show',
    });
    expect(changed).toMatchObject({ label: 'Daily', remoteImages: 'show' });
    const source = await findSource(t.app.db.kysely, userId, first!.sourceId);
    expect(source?.name).toBe('Daily');
    expect(JSON.parse(source!.config)).toEqual({ remoteImages: 'show' });
  });

  it('says clearly that addresses need CHECKPOINT_MAIL_DOMAIN', async () => {
    const bare = await openTestApp(dialect);
    try {
      await expect(createMailAddress(bare.app, 1)).rejects.toMatchObject({
        code: 'mail_domain_unset',
        message: expect.stringMatching(/^address: CHECKPOINT_MAIL_DOMAIN is not set/),
      });
    } finally {
      await bare.cleanup();
    }
  });
});
