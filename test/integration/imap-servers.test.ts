import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listItems } from '../../src/db/repos/items.ts';
import { findSource } from '../../src/db/repos/sources.ts';
import { addImapSource } from '../../src/services/mail/imap-sources.ts';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import type { ImapSourceState } from '../../src/sources/imap/config.ts';
import { imapSourceKind } from '../../src/sources/imap/spec.ts';
import { replaceSourceKind } from '../../src/sources/registry.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { type Dovecot, startDovecot } from '../helpers/dovecot.ts';
import { type ImapProxy, startImapProxy } from '../helpers/imap-proxy.ts';
import { fillInbox, mailWorld, newsletter } from '../helpers/mail-world.ts';

/**
 * Servers laid out like Courier, emulated with a real Dovecot: folders under an `INBOX.`
 * namespace with `.` between levels, and (through a proxy) a SELECT without UIDNEXT.
 */
const NEWS = 10;

describe.each(DIALECTS)('IMAP servers laid out like Courier, on %s', (dialect) => {
  let t: TestApp;
  let dovecot: Dovecot | undefined;
  let proxy: ImapProxy | undefined;
  let userId: number;
  const clock = new TestClock('2026-03-10T12:00:00Z');
  let restoreImap = () => {};

  beforeEach(async () => {
    t = await openTestApp(dialect, { clock });
    userId = (await t.app.db.kysely.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    restoreImap = replaceSourceKind(imapSourceKind({ batchSize: 5 }));
  });
  afterEach(async () => {
    restoreImap();
    await proxy?.close();
    await dovecot?.stop();
    await t.cleanup();
  });

  const fetchOnce = async (id: number) =>
    await refreshSource(t.app, (await findSource(t.app.db.kysely, userId, id))!);
  const commandCount = (pattern: RegExp) =>
    proxy?.commands.filter((c) => pattern.test(c)).length ?? 0;

  it('creates the move-to folder once under an INBOX. namespace and fetches again', async () => {
    dovecot = await startDovecot({ inboxPrefix: true });
    await fillInbox(dovecot, NEWS);
    proxy = await startImapProxy(dovecot.port);
    const w = await mailWorld(t, userId, dovecot, proxy.port);

    const first = await fetchOnce(w.sourceId);
    expect(first).toMatchObject({ status: 'ok', error: null });
    expect(first.inserted).toHaveLength(NEWS);
    await dovecot.append('INBOX', newsletter(NEWS));
    const second = await fetchOnce(w.sourceId);
    expect(second).toMatchObject({ status: 'ok', error: null });
    expect(second.inserted).toHaveLength(1);

    expect(commandCount(/^CREATE /), proxy.commands.join('\n')).toBe(1);
    const client = await dovecot.client();
    try {
      const paths = (await client.list()).map((box) => box.path);
      expect(paths.sort()).toEqual(['INBOX', 'INBOX.Checkpoint']);
    } finally {
      await client.logout();
    }
    await w.expectAllMoved(NEWS + 1);
  });

  it('keeps its place without UIDNEXT: nothing is fetched twice and sinceDays holds', async () => {
    dovecot = await startDovecot();
    const old = new Date('2025-06-01T10:00:00Z');
    const recent = new Date('2026-03-09T10:00:00Z');
    for (let i = 0; i < 3; i++) await dovecot.append('INBOX', newsletter(i), { date: old });
    for (let i = 3; i < 6; i++) await dovecot.append('INBOX', newsletter(i), { date: recent });
    proxy = await startImapProxy(dovecot.port, { stripUidNext: true });
    const view = await addImapSource(t.app, userId, {
      ...{ host: '127.0.0.1', port: proxy.port, tls: 'none', user: dovecot.user },
      ...{ password: dovecot.password, sinceDays: 30 },
    });
    const state = async () =>
      JSON.parse((await findSource(t.app.db.kysely, userId, view.id))!.state) as ImapSourceState;

    const first = await fetchOnce(view.id);
    expect(first).toMatchObject({ status: 'ok', error: null });
    expect(first.inserted).toHaveLength(3);
    expect((await state()).folders?.INBOX?.lastUid).toBe(6);
    const fetchesBefore = commandCount(/^UID FETCH /);
    expect(fetchesBefore).toBeGreaterThan(0);
    expect(proxy.commands.some((c) => /^(SELECT|EXAMINE) /.test(c))).toBe(true);

    const second = await fetchOnce(view.id);
    expect(second).toMatchObject({ status: 'ok', error: null, inserted: [] });
    expect(commandCount(/^UID FETCH /)).toBe(fetchesBefore);
    expect((await state()).folders?.INBOX?.lastUid).toBe(6);
    const titles = (await listItems(t.app.db.kysely, userId, { limit: 100 })).map((i) => i.title);
    expect(titles.sort()).toEqual(['Daily issue 3', 'Daily issue 4', 'Daily issue 5']);
  });
});
