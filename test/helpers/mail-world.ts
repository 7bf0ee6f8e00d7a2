/**
 * A mailbox of generated newsletters and personal mail on a real server (Dovecot, Cyrus,
 * Courier), an imap source of a test app reading it (directly or through a proxy), and the
 * checks every move test makes:
 * each newsletter held once, present once in the target folder, none left in INBOX, personal
 * mail untouched and unseen.
 */
import { expect } from 'vitest';
import { listItems } from '../../src/db/repos/items.ts';
import { findSource } from '../../src/db/repos/sources.ts';
import type { SourceRow } from '../../src/db/schema.ts';
import { addImapSource } from '../../src/services/mail/imap-sources.ts';
import type { ImapSourceState } from '../../src/sources/imap/config.ts';
import type { TestApp } from './db.ts';
import type { MailServer } from './mail-server.ts';

/** Newsletter `i` (a minute apart); `words` sets how long its body is, so that runs can be slower. */
export const newsletter = (i: number, words = 10) =>
  [
    'From: "The Daily Example" <daily@news.example.org>',
    'To: reader@example.net',
    `Subject: Daily issue ${i}`,
    `Date: ${new Date(Date.UTC(2026, 2, 1) + i * 60_000).toUTCString()}`,
    `Message-ID: <daily-${i}@news.example.org>`,
    'List-Id: The Daily Example <daily.news.example.org>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Issue ${i}: ${'the news of the day, in some words. '.repeat(words)}`,
    '',
  ].join('\r\n');

export const personal = (i: number) =>
  [
    'From: Sam Friend <sam@example.net>',
    'To: reader@example.net',
    `Subject: Dinner plan ${i}`,
    'Date: Wed, 04 Mar 2026 19:00:00 +0000',
    `Message-ID: <dinner-${i}@example.net>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Are you free on Friday?',
    '',
  ].join('\r\n');

/** Appends `news` newsletters with a personal message after every fifth. */
export async function fillInbox(dovecot: MailServer, news: number): Promise<void> {
  const client = await dovecot.client();
  try {
    for (let i = 0; i < news; i++) {
      await client.append('INBOX', newsletter(i));
      if (i % 5 === 2) await client.append('INBOX', personal(i));
    }
  } finally {
    await client.logout();
  }
}

/** A test app's view of one imap source that moves to `Checkpoint`. */
export interface MailWorld {
  sourceId: number;
  source(): Promise<SourceRow>;
  state(): Promise<ImapSourceState>;
  /** Every run's end: nothing twice, nothing lost, nothing flagged. */
  expectConsistent(news: number): Promise<void>;
  /** After the last run: every newsletter once in Checkpoint, only personal mail in INBOX. */
  expectAllMoved(news: number): Promise<void>;
}

/** Adds the source (through `port`, the proxy's or Dovecot's own) and returns the checks. */
export async function mailWorld(
  t: TestApp,
  userId: number,
  dovecot: MailServer,
  port: number,
): Promise<MailWorld> {
  const view = await addImapSource(t.app, userId, {
    ...{ host: '127.0.0.1', port, tls: 'none', user: dovecot.user },
    ...{ password: dovecot.password, sinceDays: 0, moveTo: 'Checkpoint' },
  });
  const source = async () => (await findSource(t.app.db.kysely, userId, view.id))!;
  const titles = async () =>
    (await listItems(t.app.db.kysely, userId, { limit: 10_000 })).map((i) => i.title ?? '');
  const state = async () => JSON.parse((await source()).state) as ImapSourceState;
  const ids = (rows: { messageId: string | null }[]) => rows.map((m) => m.messageId ?? '');
  return {
    sourceId: view.id,
    source,
    state,
    async expectConsistent(news) {
      const held = await titles();
      expect(new Set(held).size).toBe(held.length);
      const inbox = await dovecot.messages('INBOX');
      const moved = await dovecot.messages('Checkpoint');
      const all = [...ids(inbox), ...ids(moved)];
      expect(new Set(all).size, 'a message is in both folders or twice').toBe(all.length);
      expect(all.filter((id) => id.startsWith('<daily-'))).toHaveLength(news);
      for (const id of ids(moved)) {
        const n = /^<daily-(\d+)@/.exec(id)?.[1];
        expect(held).toContain(`Daily issue ${n}`);
      }
      expect([...inbox, ...moved].filter((m) => m.flags.length > 0)).toEqual([]);
    },
    async expectAllMoved(news) {
      const held = await titles();
      expect(held.sort()).toEqual(
        Array.from({ length: news }, (_, i) => `Daily issue ${i}`).sort(),
      );
      const moved = ids(await dovecot.messages('Checkpoint'));
      expect(moved.sort()).toEqual(
        Array.from({ length: news }, (_, i) => `<daily-${i}@news.example.org>`).sort(),
      );
      const inbox = ids(await dovecot.messages('INBOX'));
      expect(inbox.every((id) => id.startsWith('<dinner-'))).toBe(true);
      expect(inbox).toHaveLength(Math.ceil((news - 2) / 5));
      expect((await state()).folders?.INBOX?.pendingMove).toEqual([]);
      expect((await source()).last_error).toBeNull();
    },
  };
}
