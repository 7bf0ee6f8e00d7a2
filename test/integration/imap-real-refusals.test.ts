import { afterEach, describe, expect, it } from 'vitest';
import { listItems } from '../../src/db/repos/items.ts';
import { addImapSource, type ImapSourceInput } from '../../src/services/mail/imap-sources.ts';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import { openTestApp, type TestApp } from '../helpers/db.ts';
import type { MailServer } from '../helpers/mail-server.ts';
import { fillInbox, mailWorld } from '../helpers/mail-world.ts';
import { NON_MOVING_SERVERS, QUOTA_SERVERS } from '../helpers/real-imap-servers.ts';

const NEWS = 6;

const login = (mail: MailServer, extra: Partial<ImapSourceInput> = {}): ImapSourceInput => ({
  ...{ host: mail.host, port: mail.port, tls: 'none', user: mail.user, password: mail.password },
  ...{ sinceDays: 0, ...extra },
});

/**
 * What real servers refuse: a move into a full folder (Dovecot's and Cyrus's quotas, Courier's
 * maildir quota), and moving at all without MOVE or UIDPLUS. SQLite only; imap-move-refusals
 * runs both dialects on Dovecot.
 */
describe.each(QUOTA_SERVERS)('IMAP moves refused over quota on $name', (server) => {
  let t: TestApp | undefined;
  let mail: MailServer | undefined;
  afterEach(async () => {
    await t?.cleanup();
    await mail?.stop();
  });

  it('holds the newsletters, says why they stay, and moves them once there is room', async () => {
    mail = await server.start();
    await fillInbox(mail, NEWS);
    t = await openTestApp('sqlite');
    const w = await mailWorld(t, 1, mail, mail.port);
    await mail.setQuota('1K');

    const refused = await refreshSource(t.app, await w.source());
    // A refused move is "stored, with a warning": the fetch succeeded, the source stays on.
    expect(refused).toMatchObject({ status: 'ok', error: null });
    expect(refused.inserted).toHaveLength(NEWS);
    expect(refused.warning).toMatch(
      new RegExp(
        `^imap: ${NEWS} stored newsletters stay in INBOX: 127\\.0\\.0\\.1 refused to move them to Checkpoint \\(NO `,
      ),
    );
    const state = await w.state();
    expect(state.lastRun).toMatchObject({ matched: NEWS, moved: 0, notMoved: NEWS });
    expect(state.folders?.INBOX?.pendingMove).toHaveLength(NEWS);
    expect(await mail.messages('Checkpoint')).toEqual([]);
    await w.expectConsistent(NEWS);

    await mail.setQuota('100M');
    const moved = await refreshSource(t.app, await w.source());
    expect(moved).toMatchObject({ status: 'ok', error: null, inserted: [] });
    await w.expectConsistent(NEWS);
    await w.expectAllMoved(NEWS);
  });
});

describe.each(NON_MOVING_SERVERS)('IMAP on $name without MOVE and UIDPLUS', (server) => {
  let t: TestApp | undefined;
  let mail: MailServer | undefined;
  afterEach(async () => {
    await t?.cleanup();
    await mail?.stop();
  });

  it('refuses a move-to folder before creating it, and fetches without moving', async () => {
    mail = await server.start();
    await fillInbox(mail, NEWS);
    t = await openTestApp('sqlite');
    await expect(
      addImapSource(t.app, 1, login(mail, { moveTo: 'Checkpoint' })),
    ).rejects.toMatchObject({
      code: 'imap_protocol',
      message: expect.stringMatching(/neither MOVE nor UIDPLUS.*turn moving off/),
    });
    const client = await mail.client();
    const folders = (await client.list()).map((box) => box.path);
    await client.logout();
    expect(folders).toEqual(['INBOX']);

    const view = await addImapSource(t.app, 1, login(mail));
    const source = await t.app.db.kysely
      .selectFrom('sources')
      .selectAll()
      .where('id', '=', view.id)
      .executeTakeFirstOrThrow();
    const result = await refreshSource(t.app, source);
    expect(result).toMatchObject({ status: 'ok', error: null });
    expect(result.inserted).toHaveLength(NEWS);
    expect(await listItems(t.app.db.kysely, 1, { limit: 100 })).toHaveLength(NEWS);
    expect((await mail.messages('INBOX')).filter((m) => m.flags.length > 0)).toEqual([]);
  });
});
