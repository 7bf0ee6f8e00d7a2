import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCheckpoint } from '../helpers/cli.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { type Dovecot, startDovecot } from '../helpers/dovecot.ts';
import { newsletter, personal } from '../helpers/mail-world.ts';
import {
  checkpointEnv,
  seededRandom,
  sleep,
  startCheckpoint,
  until,
} from '../helpers/processes.ts';

/** Four batches of 25 (the sync's default batch): a commit, then a move, four times. */
const NEWS = 100;
const PERSONAL = 5;

/**
 * Invariant 4 with a mailbox: a real `checkpoint fetch` of an imap source that moves what it
 * stores, killed with SIGKILL over several runs (after a commit and before its move, inside a
 * move, inside the next download). After a rerun every newsletter is held exactly once, each
 * left INBOX exactly once for the target folder (never copied, never lost), and personal mail
 * stayed in INBOX, unseen.
 */
describe.each(DIALECTS)('an IMAP fetch that moves, killed with SIGKILL, on %s', (dialect) => {
  let t: TestApp;
  let dovecot: Dovecot;
  let env: Record<string, string>;

  beforeAll(async () => {
    dovecot = await startDovecot();
    const client = await dovecot.client();
    try {
      for (let i = 0; i < NEWS; i++) {
        await client.append('INBOX', newsletter(i, 20));
        if (i % (NEWS / PERSONAL) === 7) await client.append('INBOX', personal(i));
      }
    } finally {
      await client.logout();
    }
    t = await openTestApp(dialect);
    env = checkpointEnv(t, { IMAP_PASSWORD: dovecot.password });
    const added = await runCheckpoint(
      [
        ...['source', 'add-imap', '--host', '127.0.0.1', '--port', String(dovecot.port)],
        ...['--tls', 'none', '--user', dovecot.user, '--password-env', 'IMAP_PASSWORD'],
        ...['--move-to', 'Checkpoint', '--since-days', '0', '--json'],
      ],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
    expect(json<{ kind: string }>(added).kind).toBe('imap');
  });
  afterAll(async () => {
    await t.cleanup();
    await dovecot.stop();
  });

  const storedTitles = async () =>
    (
      await t.app.db.kysely
        .selectFrom('items')
        .select('title')
        .where('kind', '=', 'newsletter')
        .execute()
    ).map((r) => r.title ?? '');

  /** What any kill may leave: nothing twice, nothing lost, nothing moved before its commit. */
  async function expectConsistent(): Promise<number> {
    const titles = await storedTitles();
    expect(new Set(titles).size).toBe(titles.length);
    const inbox = await dovecot.messages('INBOX');
    const moved = await dovecot.messages('Checkpoint').catch(() => []);
    const all = [...inbox, ...moved].map((m) => m.messageId ?? '');
    expect(all.length).toBe(NEWS + PERSONAL);
    expect(new Set(all).size).toBe(NEWS + PERSONAL);
    // Only newsletters move, and only once they are stored.
    expect(moved.every((m) => /^<daily-\d+@/.test(m.messageId ?? ''))).toBe(true);
    const stored = new Set(titles);
    for (const m of moved) {
      const n = /^<daily-(\d+)@/.exec(m.messageId ?? '')?.[1];
      expect(stored.has(`Daily issue ${n}`)).toBe(true);
    }
    // Nothing is ever marked \Seen (or anything else).
    expect([...inbox, ...moved].filter((m) => m.flags.length > 0)).toEqual([]);
    return titles.length;
  }

  it('holds every newsletter once and moves each out of INBOX once', {
    timeout: 120_000,
  }, async () => {
    const random = seededRandom(dialect === 'sqlite' ? 3 : 5);
    const counts: number[] = [];
    // Run k is killed once k batches are stored, a few random milliseconds later: between
    // the commit and its move, during the move, or while the next batch downloads.
    for (let k = 0; k < 4; k++) {
      const run = startCheckpoint(['fetch'], env);
      const reached = await until(async () => (await storedTitles()).length >= 25 * k, run);
      if (reached) await sleep(Math.floor(random() * 30));
      await run.kill();
      counts.push(await expectConsistent());
      if (counts.at(-1) === NEWS) break;
    }
    expect(counts.length).toBeGreaterThan(0);

    const rerun = await runCheckpoint(['fetch'], env);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await expectConsistent()).toBe(NEWS);
    const inbox = await dovecot.messages('INBOX');
    expect(inbox.map((m) => m.messageId).sort()).toEqual(
      Array.from(
        { length: PERSONAL },
        (_, j) => `<dinner-${j * (NEWS / PERSONAL) + 7}@example.net>`,
      ).sort(),
    );
    expect((await dovecot.messages('Checkpoint')).length).toBe(NEWS);
    const state = await t.app.db.kysely
      .selectFrom('sources')
      .select('state')
      .where('kind', '=', 'imap')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(state.state)).toMatchObject({ folders: { INBOX: { pendingMove: [] } } });
  });
});
