import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listItems } from '../../src/db/repos/items.ts';
import { findSource } from '../../src/db/repos/sources.ts';
import {
  addImapSource,
  toImapSettingsView,
  updateImapSettings,
} from '../../src/services/mail/imap-sources.ts';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import type { ImapSourceState } from '../../src/sources/imap/config.ts';
import { imapSourceKind } from '../../src/sources/imap/spec.ts';
import { replaceSourceKind } from '../../src/sources/registry.ts';
import { json, runCheckpoint } from '../helpers/cli.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { type Dovecot, startDovecot } from '../helpers/dovecot.ts';
import { type ImapProxy, startImapProxy } from '../helpers/imap-proxy.ts';
import { fillInbox, mailWorld, newsletter } from '../helpers/mail-world.ts';

const NEWS = 10;

/**
 * Servers laid out like Courier, emulated with a real Dovecot: folders under an `INBOX.`
 * namespace with `.` between levels, and (through a proxy) a SELECT without UIDNEXT.
 */
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

  it('refuses a move-to folder written with "/" on a "." server before saving anything', async () => {
    dovecot = await startDovecot();
    await expect(
      addImapSource(t.app, userId, {
        ...{ host: '127.0.0.1', port: dovecot.port, tls: 'none', user: dovecot.user },
        ...{ password: dovecot.password, sinceDays: 0, moveTo: 'News/Weekly' },
      }),
    ).rejects.toThrow(
      'imap: "News/Weekly" uses "/", but this server separates folders with "."; write "News.Weekly"',
    );
    expect(await t.app.db.kysely.selectFrom('sources').selectAll().execute()).toEqual([]);

    // Changing the settings (set-imap, the web form) goes through the same check.
    const view = await addImapSource(t.app, userId, {
      ...{ host: '127.0.0.1', port: dovecot.port, tls: 'none', user: dovecot.user },
      ...{ password: dovecot.password, sinceDays: 0 },
    });
    await expect(
      updateImapSettings(t.app, userId, view.id, { moveTo: 'News/Weekly' }),
    ).rejects.toThrow('but this server separates folders with "."; write "News.Weekly"');
    expect(toImapSettingsView((await findSource(t.app.db.kysely, userId, view.id))!).moveTo).toBe(
      null,
    );
  });
});

describe('checkpoint source add-imap against a "." server', () => {
  let dir: string | undefined;
  let dovecot: Dovecot | undefined;
  afterEach(async () => {
    await dovecot?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses --move-to News/Weekly with the name to write instead', {
    timeout: 120_000,
  }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-imap-servers-'));
    dovecot = await startDovecot();
    const env = {
      CHECKPOINT_DATA_DIR: join(dir, 'data'),
      CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32',
      IMAP_PASSWORD: dovecot.password,
    };
    const added = await runCheckpoint(
      [
        ...['source', 'add-imap', '--host', '127.0.0.1', '--port', String(dovecot.port)],
        ...['--tls', 'none', '--user', dovecot.user, '--password-env', 'IMAP_PASSWORD'],
        ...['--move-to', 'News/Weekly'],
      ],
      env,
    );
    expect(added.code).not.toBe(0);
    expect(added.stderr).toContain(
      'imap: "News/Weekly" uses "/", but this server separates folders with "."; write "News.Weekly"',
    );
    const listed = await runCheckpoint(['source', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(json(listed)).toEqual([]);
  });
});
