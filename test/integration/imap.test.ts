import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listItems } from '../../src/db/repos/items.ts';
import { findSource } from '../../src/db/repos/sources.ts';
import type { SourceRow } from '../../src/db/schema.ts';
import {
  addImapSource,
  type ImapSourceInput,
  updateImapSettings,
} from '../../src/services/mail/imap-sources.ts';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import type { ImapSourceState } from '../../src/sources/imap/config.ts';
import { imapSourceKind } from '../../src/sources/imap/spec.ts';
import { replaceSourceKind } from '../../src/sources/registry.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { type Dovecot, startDovecot } from '../helpers/dovecot.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/email/${name}`, import.meta.url), 'utf8');

const NEWSLETTERS = [
  'own/list-id-weekly.eml',
  'own/one-click.eml',
  'own/precedence-bulk.eml',
  'own/no-message-id.eml',
  'php-mime-mail-parser/vitamart-promo.eml',
];
const OTHERS = ['own/personal.eml', 'own/marked-sender.eml'];

describe.each(DIALECTS)('IMAP source on %s', (dialect) => {
  let dovecot: Dovecot;
  let t: TestApp;
  let userId: number;
  const clock = new TestClock('2026-03-10T12:00:00Z');
  let restoreImap = () => {};

  beforeEach(async () => {
    dovecot = await startDovecot();
    t = await openTestApp(dialect, { clock });
    userId = (await t.app.db.kysely.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
  });
  afterEach(async () => {
    restoreImap();
    await t.cleanup();
    await dovecot.stop();
  });

  const input = (extra: Partial<ImapSourceInput> = {}): ImapSourceInput => ({
    host: dovecot.host,
    port: dovecot.port,
    tls: 'none',
    user: dovecot.user,
    password: dovecot.password,
    sinceDays: 0,
    ...extra,
  });
  const source = async (id: number): Promise<SourceRow> =>
    (await findSource(t.app.db.kysely, userId, id))!;
  const folderState = async (id: number, folder = 'INBOX') =>
    (JSON.parse((await source(id)).state) as ImapSourceState).folders?.[folder];
  const items = () => listItems(t.app.db.kysely, userId, { limit: 1000 });

  it('stores newsletters and leaves every other message untouched and unseen', async () => {
    for (const name of [...NEWSLETTERS, ...OTHERS]) await dovecot.append('INBOX', fixture(name));
    const view = await addImapSource(t.app, userId, input());
    expect(view).toMatchObject({ kind: 'imap', name: `${dovecot.user}@127.0.0.1` });
    // The password is stored encrypted, never in clear.
    expect((await source(view.id)).config).not.toContain(dovecot.password);

    const result = await refreshSource(t.app, await source(view.id));
    expect(result).toMatchObject({ status: 'ok', error: null });
    const stored = await items();
    expect(stored).toHaveLength(NEWSLETTERS.length);
    expect(new Set(stored.map((i) => i.kind))).toEqual(new Set(['newsletter']));
    expect(new Set(stored.map((i) => i.source_kind))).toEqual(new Set(['imap']));
    expect(stored.map((i) => i.title).sort()).toEqual([
      'Club news: training moves to Thursday',
      'Gazette without a Message-ID',
      'Spring sale starts today',
      'The Weekly — Issue 42: Cafés',
      'Up to $30 Off Multivitamins!',
    ]);
    expect(stored.every((i) => i.would_push === 1)).toBe(true);

    const inbox = await dovecot.messages('INBOX');
    expect(inbox).toHaveLength(NEWSLETTERS.length + OTHERS.length);
    expect(inbox.filter((m) => m.flags.length > 0)).toEqual([]);
  });

  it('fetches incrementally by UID and stores nothing twice', async () => {
    await dovecot.append('INBOX', fixture('own/list-id-weekly.eml'));
    await dovecot.append('INBOX', fixture('own/personal.eml'));
    const view = await addImapSource(t.app, userId, input());
    await refreshSource(t.app, await source(view.id));
    expect(await folderState(view.id)).toMatchObject({ lastUid: 2, pendingMove: [] });

    await dovecot.append('INBOX', fixture('own/one-click.eml'));
    await dovecot.append('INBOX', fixture('own/personal.eml').replace('dinner-friday', 'lunch'));
    const second = await refreshSource(t.app, await source(view.id));
    expect(second.status).toBe('ok');
    expect((await items()).map((i) => i.title)).toEqual([
      'Spring sale starts today',
      'The Weekly — Issue 42: Cafés',
    ]);
    expect(await folderState(view.id)).toMatchObject({ lastUid: 4 });

    await refreshSource(t.app, await source(view.id));
    expect(await items()).toHaveLength(2);
    const lastRun = (JSON.parse((await source(view.id)).state) as ImapSourceState).lastRun;
    expect(lastRun).toMatchObject({ scanned: 0, matched: 0, complete: true, resynced: false });
  });

  it('takes only recent mail on the first sync when sinceDays is set', async () => {
    await dovecot.append('INBOX', fixture('own/one-click.eml'), {
      date: new Date('2025-06-01T10:00:00Z'),
    });
    await dovecot.append('INBOX', fixture('own/list-id-weekly.eml'), {
      date: new Date('2026-03-09T10:00:00Z'),
    });
    const view = await addImapSource(t.app, userId, input({ sinceDays: 30 }));
    await refreshSource(t.app, await source(view.id));
    expect((await items()).map((i) => i.title)).toEqual(['The Weekly — Issue 42: Cafés']);
    expect(await folderState(view.id)).toMatchObject({ lastUid: 2 });
  });

  it('catches mail from senders the user marks, also mail that is already there', async () => {
    await dovecot.append('INBOX', fixture('own/marked-sender.eml'));
    await dovecot.append('INBOX', fixture('own/personal.eml'));
    const view = await addImapSource(t.app, userId, input());
    await refreshSource(t.app, await source(view.id));
    expect(await items()).toHaveLength(0);

    const settings = await updateImapSettings(t.app, userId, view.id, {
      senders: ['Writer.Example'],
    });
    expect(settings.senders).toEqual(['@writer.example']);
    await refreshSource(t.app, await source(view.id));
    const stored = await items();
    expect(stored.map((i) => [i.title, i.author])).toEqual([
      ['Letter #7: on slowness', 'Indie Writer'],
    ]);
    expect(JSON.parse(stored[0]!.extra)).toMatchObject({ reason: 'marked-sender' });
  });

  it('moves matched messages to a folder it creates, and never deletes mail', async () => {
    for (const name of [...NEWSLETTERS, ...OTHERS]) await dovecot.append('INBOX', fixture(name));
    const view = await addImapSource(t.app, userId, input({ moveTo: 'Checkpoint' }));
    await refreshSource(t.app, await source(view.id));
    expect(await items()).toHaveLength(NEWSLETTERS.length);

    const inbox = await dovecot.messages('INBOX');
    const moved = await dovecot.messages('Checkpoint');
    expect(inbox.map((m) => m.messageId).sort()).toEqual([
      '<dinner-friday@example.net>',
      '<letter-7@writer.example>',
    ]);
    expect(moved).toHaveLength(NEWSLETTERS.length);
    expect([...inbox, ...moved].filter((m) => m.flags.length > 0)).toEqual([]);
    expect(await folderState(view.id)).toMatchObject({ pendingMove: [] });
  });

  it('resyncs without duplicates when UIDVALIDITY changes', async () => {
    const admin = await dovecot.client();
    await admin.mailboxCreate('Newsletters');
    await admin.logout();
    for (const name of NEWSLETTERS) await dovecot.append('Newsletters', fixture(name));
    const view = await addImapSource(t.app, userId, input({ folder: 'Newsletters' }));
    await refreshSource(t.app, await source(view.id));
    const before = await folderState(view.id, 'Newsletters');
    expect(await items()).toHaveLength(NEWSLETTERS.length);

    await dovecot.recreateFolder('Newsletters');
    await dovecot.append(
      'Newsletters',
      fixture('own/marked-sender.eml').replace(
        'Message-ID: <letter-7',
        'List-Id: <letters.writer.example>\r\nMessage-ID: <letter-8',
      ),
    );
    const result = await refreshSource(t.app, await source(view.id));
    expect(result.status).toBe('ok');
    const after = await folderState(view.id, 'Newsletters');
    expect(after?.uidValidity).not.toBe(before?.uidValidity);
    const stored = await items();
    expect(stored).toHaveLength(NEWSLETTERS.length + 1);
    expect(new Set(stored.map((i) => i.external_id)).size).toBe(stored.length);
    const state = JSON.parse((await source(view.id)).state) as ImapSourceState;
    expect(state.lastRun).toMatchObject({ resynced: true });
  });

  it('resumes after the server dies mid-fetch: nothing lost, nothing twice', async () => {
    for (const name of NEWSLETTERS) await dovecot.append('INBOX', fixture(name));
    await dovecot.append('INBOX', fixture('own/personal.eml'));
    const view = await addImapSource(t.app, userId, input({ moveTo: 'Checkpoint' }));
    let batches = 0;
    restoreImap = replaceSourceKind(
      imapSourceKind({
        batchSize: 2,
        afterCommit: async () => {
          // The first batch is committed; the server crashes before it is moved.
          if (++batches === 1) await dovecot.kill();
        },
      }),
    );
    const failed = await refreshSource(t.app, await source(view.id));
    expect(failed.status).toBe('error');
    expect(failed.error).toMatch(/^imap: /);
    expect(await items()).toHaveLength(2);
    expect((await source(view.id)).error_count).toBe(1);
    expect(await folderState(view.id)).toMatchObject({ pendingMove: [1, 2] });

    await dovecot.restart();
    restoreImap();
    const resumed = await refreshSource(t.app, await source(view.id));
    expect(resumed).toMatchObject({ status: 'ok', error: null });
    const stored = await items();
    expect(stored).toHaveLength(NEWSLETTERS.length);
    expect(new Set(stored.map((i) => i.external_id)).size).toBe(NEWSLETTERS.length);
    expect((await dovecot.messages('Checkpoint')).length).toBe(NEWSLETTERS.length);
    expect((await dovecot.messages('INBOX')).map((m) => m.messageId)).toEqual([
      '<dinner-friday@example.net>',
    ]);
    expect((await source(view.id)).error_count).toBe(0);
  });
});
