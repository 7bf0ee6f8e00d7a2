import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listItems } from '../../src/db/repos/items.ts';
import { findSource } from '../../src/db/repos/sources.ts';
import {
  addImapSource,
  type ImapSourceInput,
  testImapConnection,
} from '../../src/services/mail/imap-sources.ts';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import type { ImapSourceState } from '../../src/sources/imap/config.ts';
import { imapSourceKind } from '../../src/sources/imap/spec.ts';
import { replaceSourceKind } from '../../src/sources/registry.ts';
import { TestClock } from '../helpers/clock.ts';
import { openTestApp, type TestApp } from '../helpers/db.ts';
import { type ImapProxy, startImapProxy } from '../helpers/imap-proxy.ts';
import type { MailServer } from '../helpers/mail-server.ts';
import { fillInbox, type MailWorld, mailWorld, newsletter } from '../helpers/mail-world.ts';
import { MOVING_SERVERS, type ServerCase } from '../helpers/real-imap-servers.ts';

const NEWS = 10;

/** Every newsletter in INBOX or Checkpoint, none twice in one folder. */
async function expectNothingTwice(mail: MailServer, news: number, step: string): Promise<void> {
  const ids = async (folder: string) => (await mail.messages(folder)).map((m) => m.messageId);
  const inbox = await ids('INBOX');
  const moved = await ids('Checkpoint');
  expect(new Set(inbox).size, step).toBe(inbox.length);
  expect(new Set(moved).size, step).toBe(moved.length);
  const daily = new Set([...inbox, ...moved].filter((id) => id?.startsWith('<daily-')));
  expect(daily.size, step).toBe(news);
}

/**
 * The newsletter scenarios against real servers: Dovecot, Cyrus IMAP 3.6 (with MOVE, and told
 * to leave MOVE out) and Courier-IMAP 5.0 (no MOVE, folders under `INBOX.`, no UIDNEXT). One
 * database (SQLite) is enough here; imap.test.ts and its siblings run both dialects on Dovecot.
 */
describe.each(MOVING_SERVERS)('IMAP newsletters on $name', (server: ServerCase) => {
  let t: TestApp;
  let mail: MailServer | undefined;
  let proxy: ImapProxy | undefined;
  let userId: number;
  const clock = new TestClock('2026-03-10T12:00:00Z');
  let restoreImap = () => {};

  beforeEach(async () => {
    t = await openTestApp('sqlite', { clock });
    userId = (await t.app.db.kysely.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    restoreImap = replaceSourceKind(imapSourceKind({ batchSize: 5 }));
  });
  afterEach(async () => {
    restoreImap();
    await proxy?.close();
    await mail?.stop();
    await t.cleanup();
  });

  async function world(): Promise<MailWorld> {
    mail = await server.start();
    await fillInbox(mail, NEWS);
    proxy = await startImapProxy(mail.port);
    return await mailWorld(t, userId, mail, proxy.port);
  }
  const fetchOnce = async (w: MailWorld) => await refreshSource(t.app, await w.source());
  const count = (pattern: RegExp) => proxy?.commands.filter((c) => pattern.test(c)).length ?? 0;
  const titles = async () =>
    (await listItems(t.app.db.kysely, userId, { limit: 1000 })).map((i) => i.title ?? '');

  it('moves newsletters once, creates the folder once and goes on by UID', async () => {
    const w = await world();
    const first = await fetchOnce(w);
    expect(first, proxy?.commands.join('\n')).toMatchObject({ status: 'ok', error: null });
    expect(first.inserted).toHaveLength(NEWS);
    expect(count(server.moves ? /^UID MOVE / : /^UID COPY /)).toBeGreaterThan(0);
    expect(count(/^UID MOVE /)).toBe(server.moves ? 2 : 0);

    // Only the new message is read; the position holds with or without UIDNEXT.
    const uid = await mail!.append('INBOX', newsletter(NEWS));
    const second = await fetchOnce(w);
    expect(second).toMatchObject({ status: 'ok', error: null });
    expect(second.inserted).toHaveLength(1);
    expect(await titles()).toContain(`Daily issue ${NEWS}`);
    if (uid) expect((await w.state()).folders?.INBOX?.lastUid).toBe(uid);
    const fetches = count(/^UID FETCH /);
    const third = await fetchOnce(w);
    expect(third).toMatchObject({ status: 'ok', error: null, inserted: [] });
    expect(count(/^UID FETCH /)).toBe(fetches);

    expect(count(/^CREATE /), proxy?.commands.join('\n')).toBe(1);
    const client = await mail!.client();
    try {
      const paths = (await client.list()).map((box) => box.path);
      expect(paths.sort()).toEqual(['INBOX', server.folderPath('Checkpoint')].sort());
      const box = await client.mailboxOpen('INBOX', { readOnly: true });
      expect(Number.isSafeInteger(box.uidNext) && box.uidNext > 0).toBe(server.uidNext);
    } finally {
      await client.logout();
    }
    await w.expectAllMoved(NEWS + 1);
  });

  it('holds every newsletter once when the connection is cut at each step of a move', {
    timeout: 120_000,
  }, async () => {
    const w = await world();
    let news = NEWS;
    for (const step of server.moveSteps) {
      const before = proxy!.cuts;
      proxy!.cutAt(step);
      const run = await fetchOnce(w);
      expect(proxy!.cuts, `${step.command} ${step.when}: ${proxy!.commands.join('\n')}`).toBe(
        before + 1,
      );
      expect(run.status).toBe('error');
      expect(run.error).toMatch(/^imap: .*while moving \d+ newsletters to Checkpoint/);
      // A copy whose delete was cut off is in both folders until the next fetch; never twice in one.
      await expectNothingTwice(mail!, news, `${step.command} ${step.when}`);
      const held = await titles();
      expect(new Set(held).size).toBe(held.length);
      // Something new to move on the next run, so that the next step's command is sent.
      for (let i = news; i < news + 5; i++) await mail!.append('INBOX', newsletter(i));
      news += 5;
    }
    const clean = await fetchOnce(w);
    expect(clean).toMatchObject({ status: 'ok', error: null });
    await w.expectConsistent(news);
    expect((await titles()).sort()).toEqual(
      Array.from({ length: news }, (_, i) => `Daily issue ${i}`).sort(),
    );
    expect(await mail!.messages('Checkpoint')).toHaveLength(news);
    const inbox = await mail!.messages('INBOX');
    expect(inbox.every((m) => m.messageId?.startsWith('<dinner-'))).toBe(true);
    expect((await w.state()).folders?.INBOX?.pendingMove).toEqual([]);
  });
});

describe.each(MOVING_SERVERS)('IMAP on $name, UIDVALIDITY', (server: ServerCase) => {
  let t: TestApp;
  let mail: MailServer | undefined;
  afterEach(async () => {
    await mail?.stop();
    await t.cleanup();
  });

  it('reads a re-created folder again without storing anything twice', async () => {
    mail = await server.start();
    t = await openTestApp('sqlite');
    const userId = 1;
    const client = await mail.client();
    await client.mailboxCreate('Newsletters');
    await client.logout();
    for (let i = 0; i < 4; i++) await mail.append('Newsletters', newsletter(i));
    const input: ImapSourceInput = {
      ...{ host: '127.0.0.1', port: mail.port, tls: 'none', user: mail.user },
      ...{ password: mail.password, sinceDays: 0, folder: 'Newsletters' },
    };
    const view = await addImapSource(t.app, userId, input);
    const source = async () => (await findSource(t.app.db.kysely, userId, view.id))!;
    const state = async () => JSON.parse((await source()).state) as ImapSourceState;
    expect(await refreshSource(t.app, await source())).toMatchObject({ status: 'ok' });
    const before = (await state()).folders?.Newsletters?.uidValidity;

    await mail.recreateFolder('Newsletters');
    await mail.append('Newsletters', newsletter(4));
    const result = await refreshSource(t.app, await source());
    expect(result).toMatchObject({ status: 'ok', error: null });
    expect(result.inserted).toHaveLength(1);
    expect((await state()).folders?.Newsletters?.uidValidity).not.toBe(before);
    expect((await state()).lastRun).toMatchObject({ resynced: true });
    const stored = await listItems(t.app.db.kysely, userId, { limit: 100 });
    expect(stored).toHaveLength(5);
  });
});

describe.each(MOVING_SERVERS)('IMAP settings on $name', (server: ServerCase) => {
  let t: TestApp;
  let mail: MailServer | undefined;
  afterEach(async () => {
    await mail?.stop();
    await t.cleanup();
  });

  it('names a wrong password, and a "/" folder on a "." server, before saving anything', async () => {
    mail = await server.start();
    t = await openTestApp('sqlite');
    const input: ImapSourceInput = {
      ...{ host: '127.0.0.1', port: mail.port, tls: 'none', user: mail.user },
      ...{ password: mail.password, sinceDays: 0 },
    };
    const wrong = await testImapConnection(t.app, { ...input, password: 'not-the-password' });
    expect(wrong).toMatchObject({ ok: false, code: 'imap_auth' });
    expect(wrong.ok === false && wrong.error).toMatch(
      /^imap: wrong user name or password for reader/,
    );

    const nested = addImapSource(t.app, 1, { ...input, moveTo: 'News/Weekly' });
    if (server.separator === '/') {
      // A "/" server: News/Weekly is a folder Weekly inside News.
      const view = await nested;
      expect(view.kind).toBe('imap');
    } else {
      await expect(nested).rejects.toThrow(
        'imap: "News/Weekly" uses "/", but this server separates folders with "."; write "News.Weekly"',
      );
      expect(await t.app.db.kysely.selectFrom('sources').selectAll().execute()).toEqual([]);
    }
  });
});

describe.each(MOVING_SERVERS.filter((s) => s.folderPath('x') !== 'x'))(
  'IMAP on $name, folders under INBOX.',
  (server: ServerCase) => {
    let t: TestApp;
    let mail: MailServer | undefined;
    afterEach(async () => {
      await mail?.stop();
      await t.cleanup();
    });

    it('takes the full name of an existing folder as well as the short one', async () => {
      mail = await server.start();
      await fillInbox(mail, 3);
      const client = await mail.client();
      await client.mailboxCreate('Newsletters');
      await client.logout();
      t = await openTestApp('sqlite');
      const view = await addImapSource(t.app, 1, {
        ...{ host: '127.0.0.1', port: mail.port, tls: 'none', user: mail.user },
        ...{ password: mail.password, sinceDays: 0, moveTo: server.folderPath('Newsletters') },
      });
      const source = (await findSource(t.app.db.kysely, 1, view.id))!;
      expect(await refreshSource(t.app, source)).toMatchObject({ status: 'ok', error: null });
      const after = await mail.client();
      const paths = (await after.list()).map((box) => box.path);
      await after.logout();
      expect(paths.sort()).toEqual(['INBOX', server.folderPath('Newsletters')].sort());
      expect(await mail.messages('Newsletters')).toHaveLength(3);
    });
  },
);
