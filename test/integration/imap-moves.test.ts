import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import { imapSourceKind } from '../../src/sources/imap/spec.ts';
import { replaceSourceKind } from '../../src/sources/registry.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { type Dovecot, startDovecot } from '../helpers/dovecot.ts';
import { type ImapProxy, startImapProxy } from '../helpers/imap-proxy.ts';
import { fillInbox, type MailWorld, mailWorld } from '../helpers/mail-world.ts';

/** Two batches of 5 (and a personal message after every fifth newsletter). */
const NEWS = 10;

/**
 * Moves cut off by a dropped connection, against a real Dovecot behind a proxy that cuts at
 * a chosen command: with UID MOVE, and as copy-then-delete on a Dovecot that does not
 * announce MOVE. After every run nothing is twice or lost; after a clean rerun every
 * newsletter is held once, in the target folder once, and none is left in INBOX.
 */
describe.each(DIALECTS)('IMAP moves cut off by the network, on %s', (dialect) => {
  let t: TestApp;
  let dovecot: Dovecot | undefined;
  let proxy: ImapProxy | undefined;
  let userId: number;
  let restoreImap = () => {};

  beforeEach(async () => {
    t = await openTestApp(dialect);
    userId = (await t.app.db.kysely.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    restoreImap = replaceSourceKind(imapSourceKind({ batchSize: 5 }));
  });
  afterEach(async () => {
    restoreImap();
    await proxy?.close();
    await dovecot?.stop();
    await t.cleanup();
  });

  async function world(options: { dropCapabilities?: string[] } = {}): Promise<MailWorld> {
    dovecot = await startDovecot(options);
    await fillInbox(dovecot, NEWS);
    proxy = await startImapProxy(dovecot.port);
    return await mailWorld(t, userId, dovecot, proxy.port);
  }

  const fetchOnce = async (w: MailWorld) => await refreshSource(t.app, await w.source());

  it('keeps a move the connection lost pending and moves it on the next fetch (UID MOVE)', async () => {
    const w = await world();
    // Run 1: the connection drops before the last batch's UID MOVE reaches the server.
    proxy?.cutAt({ command: /^UID MOVE /, when: 'before-command', skip: 1 });
    const first = await fetchOnce(w);
    expect(proxy?.cuts).toBe(1);
    expect(first.status).toBe('error');
    expect(first.inserted).toHaveLength(NEWS);
    expect(first.error).toMatch(
      /^imap: the connection to .* was lost .*while moving 5 newsletters to Checkpoint/,
    );
    const pending = (await w.state()).folders?.INBOX?.pendingMove ?? [];
    expect(pending).toHaveLength(5);
    expect((await w.source()).last_error).toBe(first.error);
    await w.expectConsistent(NEWS);

    // Run 2: the server moves the pending messages, but its answer is lost.
    proxy?.cutAt({ command: /^UID MOVE /, when: 'before-answer' });
    const second = await fetchOnce(w);
    expect(proxy?.cuts).toBe(2);
    expect(second.status).toBe('error');
    expect((await w.state()).folders?.INBOX?.pendingMove).toEqual(pending);
    await w.expectConsistent(NEWS);

    // Run 3: moving what already moved is harmless with MOVE.
    const third = await fetchOnce(w);
    expect(third).toMatchObject({ status: 'ok', error: null, inserted: [] });
    await w.expectConsistent(NEWS);
    await w.expectAllMoved(NEWS);
  });

  it('copies nothing twice when copy-then-delete is cut off after the copy', async () => {
    const w = await world({ dropCapabilities: ['MOVE'] });
    // Run 1: the first batch is copied, then the connection drops before \Deleted + EXPUNGE.
    proxy?.cutAt({ command: /^UID STORE .*\\Deleted/i, when: 'before-command' });
    const first = await fetchOnce(w);
    expect(proxy?.cuts).toBe(1);
    expect(first.status).toBe('error');
    expect(first.error).toMatch(/while moving 5 newsletters to Checkpoint/);
    expect(first.inserted).toHaveLength(5);
    expect(await dovecot?.messages('Checkpoint')).toHaveLength(5);
    expect((await dovecot?.messages('INBOX'))?.length).toBe(NEWS + 2);

    // Run 2: the copies are found in Checkpoint and only deleted from INBOX; the next batch's
    // COPY is carried out by the server but its answer is lost.
    proxy?.cutAt({ command: /^UID COPY /, when: 'before-answer' });
    const second = await fetchOnce(w);
    expect(proxy?.cuts).toBe(2);
    expect(second.status).toBe('error');
    expect(second.inserted).toHaveLength(5);
    expect(await dovecot?.messages('Checkpoint')).toHaveLength(NEWS);

    // Run 3: the second batch's copies are found too; nothing is copied again.
    const third = await fetchOnce(w);
    expect(third).toMatchObject({ status: 'ok', error: null, inserted: [] });
    await w.expectConsistent(NEWS);
    await w.expectAllMoved(NEWS);
  });
});
