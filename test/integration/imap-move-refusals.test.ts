import { afterEach, describe, expect, it } from 'vitest';
import {
  addImapSource,
  type ImapSourceInput,
  testImapConnection,
  updateImapSettings,
} from '../../src/services/mail/imap-sources.ts';
import { json, runCheckpoint } from '../helpers/cli.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { type Dovecot, startDovecot } from '../helpers/dovecot.ts';
import { fillInbox, mailWorld } from '../helpers/mail-world.ts';
import { checkpointEnv } from '../helpers/processes.ts';

const NEWS = 12;

/**
 * A server that refuses the move (`NO [OVERQUOTA]`, Dovecot's quota plugin on a server that
 * copies then deletes): every newsletter is still held, the fetch says what could not be
 * moved and why as a warning (no failure: no back-off, never switched off however often it
 * happens), and once there is room the next fetch moves them, each once, and the warning goes.
 */
describe.each(DIALECTS)('IMAP moves the server refuses, on %s', (dialect) => {
  let t: TestApp | undefined;
  let dovecot: Dovecot | undefined;
  afterEach(async () => {
    await t?.cleanup();
    await dovecot?.stop();
  });

  it('holds the newsletters, reports the refusal, and moves them once there is room', {
    timeout: 60_000,
  }, async () => {
    dovecot = await startDovecot({ quota: '100M', dropCapabilities: ['MOVE'] });
    await fillInbox(dovecot, NEWS);
    t = await openTestApp(dialect);
    const userId = (
      await t.app.db.kysely.selectFrom('users').select('id').executeTakeFirstOrThrow()
    ).id;
    const w = await mailWorld(t, userId, dovecot, dovecot.port);
    await dovecot.setQuota('1K');
    // Two failures in a row would switch a source off: refused moves must never count.
    const env = checkpointEnv(t, { CHECKPOINT_FETCH_MAX_ERRORS: '2' });

    const refused = await runCheckpoint(['fetch'], env);
    // DESIGN.md: `fetch` prints a line per failure and exits 0 when the cycle ran.
    expect(refused.code, refused.stderr).toBe(0);
    const warning = `imap: ${NEWS} stored newsletters stay in INBOX: 127\\.0\\.0\\.1 refused to move them to Checkpoint \\(NO \\[OVERQUOTA\\]`;
    expect(refused.stdout).toMatch(new RegExp(`^${w.sourceId}\\t.*\\twarning: ${warning}`, 'm'));
    expect(refused.stderr).toContain(`1 sources fetched, ${NEWS} new items, 1 warning, 0 failed.`);
    const state = await w.state();
    expect(state.lastRun).toMatchObject({ matched: NEWS, moved: 0, notMoved: NEWS });
    expect(state.lastRun?.moveError).toMatch(/^NO \[OVERQUOTA\]/);
    expect(state.folders?.INBOX?.pendingMove).toHaveLength(NEWS);
    expect(await dovecot.messages('Checkpoint')).toEqual([]);
    await w.expectConsistent(NEWS);
    for (let run = 0; run < 3; run++) {
      const again = await runCheckpoint(['fetch'], env);
      expect(again.stderr).toContain('1 sources fetched, 0 new items, 1 warning, 0 failed.');
    }
    type Listed = {
      id: number;
      enabled: boolean;
      errorCount: number;
      lastError: string | null;
      warning: string | null;
    };
    const listed = json<Listed[]>(await runCheckpoint(['source', 'list', '--json'], env));
    expect(listed.find((s) => s.id === w.sourceId)).toMatchObject({
      enabled: true,
      errorCount: 0,
      lastError: null,
      warning: expect.stringMatching(new RegExp(`^${warning}.*tried again on the next fetch`)),
    });

    await dovecot.setQuota('100M');
    const moved = await runCheckpoint(['fetch'], env);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stderr).toContain('1 sources fetched, 0 new items, 0 failed.');
    await w.expectConsistent(NEWS);
    await w.expectAllMoved(NEWS);
    const after = json<Listed[]>(await runCheckpoint(['source', 'list', '--json'], env));
    expect(after.find((s) => s.id === w.sourceId)?.warning).toBeNull();
    expect((await w.state()).lastRun).toMatchObject({ moved: NEWS, notMoved: 0, moveError: null });
  });
});

/** Settings problems need no database work, so they run on SQLite only. */
describe('IMAP settings a server cannot honour', () => {
  let t: TestApp | undefined;
  let dovecot: Dovecot | undefined;
  afterEach(async () => {
    await t?.cleanup();
    await dovecot?.stop();
  });

  const login = (d: Dovecot, extra: Partial<ImapSourceInput> = {}): ImapSourceInput => ({
    ...{ host: d.host, port: d.port, tls: 'none', user: d.user, password: d.password },
    ...extra,
  });

  it('refuses to move on a server with neither MOVE nor UIDPLUS, before creating anything', async () => {
    dovecot = await startDovecot({ dropCapabilities: ['MOVE', 'UIDPLUS'] });
    t = await openTestApp('sqlite');
    await expect(
      addImapSource(t.app, 1, login(dovecot, { moveTo: 'Checkpoint' })),
    ).rejects.toMatchObject({
      code: 'imap_protocol',
      message: expect.stringMatching(/neither MOVE nor UIDPLUS.*turn moving off/),
    });
    expect(await t.app.db.kysely.selectFrom('sources').selectAll().execute()).toEqual([]);
    const client = await dovecot.client();
    const folders = (await client.list()).map((box) => box.path);
    await client.logout();
    expect(folders).toEqual(['INBOX']);

    const view = await addImapSource(t.app, 1, login(dovecot));
    await expect(
      updateImapSettings(t.app, 1, view.id, { moveTo: 'Checkpoint' }),
    ).rejects.toMatchObject({ code: 'imap_protocol' });
  });

  it('says the port speaks plain text when TLS is asked of it', async () => {
    dovecot = await startDovecot();
    t = await openTestApp('sqlite');
    const result = await testImapConnection(t.app, login(dovecot, { tls: 'tls' }));
    expect(result).toMatchObject({ ok: false, code: 'imap_tls' });
    expect(result.ok === false && result.error).toMatch(
      /wrong version number.*\(the server speaks plain text on this port: use --tls starttls or --tls none\)$/,
    );
  });
});
