import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCheckpoint } from '../helpers/cli.ts';
import { type Dovecot, startDovecot } from '../helpers/dovecot.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/email/${name}`, import.meta.url), 'utf8');

/** The mail commands as scripts use them: exit codes, stdout JSON, stderr messages. */
describe('checkpoint CLI: mailboxes, addresses, senders', () => {
  let dir: string;
  let dovecot: Dovecot;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCheckpoint(args, env);
  const addImap = (...extra: string[]) =>
    cli(
      ...['source', 'add-imap', '--host', '127.0.0.1', '--port', String(dovecot.port)],
      ...['--tls', 'none', '--user', dovecot.user, '--password-env', 'IMAP_PASSWORD', ...extra],
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-cli-mail-'));
    dovecot = await startDovecot();
    env = {
      CHECKPOINT_DATA_DIR: join(dir, 'data'),
      CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32',
      IMAP_PASSWORD: dovecot.password,
      WRONG_PASSWORD: 'not-it',
    };
    await dovecot.append('INBOX', fixture('own/list-id-weekly.eml'));
    await dovecot.append('INBOX', fixture('own/personal.eml'));
    await dovecot.append('INBOX', fixture('own/marked-sender.eml'));
  });
  afterAll(async () => {
    await dovecot.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('connects a mailbox, fetches its newsletters and lists them as items', {
    timeout: 180_000,
  }, async () => {
    const missing = await cli(
      ...['source', 'add-imap', '--host', '127.0.0.1', '--port', '143'],
      ...['--tls', 'none', '--user', 'x', '--password-env', 'NO_SUCH_VARIABLE'],
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /--password-env NO_SUCH_VARIABLE: that environment variable is not set/,
    );

    const wrong = await cli(
      ...['source', 'add-imap', '--host', '127.0.0.1', '--port', String(dovecot.port)],
      ...[
        '--tls',
        'none',
        '--user',
        dovecot.user,
        '--password-env',
        'WRONG_PASSWORD',
        '--test',
        '--json',
      ],
    );
    expect(wrong.code).toBe(1);
    expect(json(wrong)).toMatchObject({ ok: false, code: 'imap_auth' });
    expect(wrong.stderr).toMatch(
      /^checkpoint: imap: wrong user name or password for reader at 127\.0\.0\.1/,
    );

    const added = await addImap('--since-days', '0', '--sender', 'writer.example', '--json');
    expect(added.code).toBe(0);
    const source = json<{ id: number; kind: string }>(added);
    expect(source.kind).toBe('imap');

    const fetched = await cli('fetch');
    expect(fetched.code).toBe(0);
    const items = json<{ id: number; kind: string; sourceKind: string; title: string }[]>(
      await cli('items', '--json'),
    );
    expect(items.map((i) => [i.title, i.kind, i.sourceKind])).toEqual([
      ['Letter #7: on slowness', 'newsletter', 'imap'],
      ['The Weekly — Issue 42: Cafés', 'newsletter', 'imap'],
    ]);

    const senders = json<{ sender: string; latestItemId: number }[]>(
      await cli('senders', '--json'),
    );
    expect(senders.map((s) => s.sender).sort()).toEqual([
      'letters@writer.example',
      'weekly@news.example.org',
    ]);
    const weekly = senders.find((s) => s.sender === 'weekly@news.example.org')!;
    const shown = json<{ listId: string; auth: unknown }>(
      await cli('mail', 'show', String(weekly.latestItemId), '--json'),
    );
    expect(shown).toMatchObject({
      listId: 'The Weekly Example <weekly.news.example.org>',
      auth: null,
    });
    const unsubscribe = await cli('unsubscribe', String(weekly.latestItemId), '--json');
    expect(unsubscribe.code).toBe(0);
    expect(json(unsubscribe)).toMatchObject({ status: 'offered', method: 'https' });

    const settings = await cli(
      'source',
      'set-imap',
      String(source.id),
      '--unmark-sender',
      'writer.example',
      '--remote-images',
      'show',
      '--json',
    );
    expect(json(settings)).toMatchObject({ senders: [], remoteImages: 'show', folder: 'INBOX' });
  });

  it('makes own addresses, with a clear error when no domain is configured', {
    timeout: 180_000,
  }, async () => {
    const none = await cli('address', 'create', '--json');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/CHECKPOINT_MAIL_DOMAIN is not set/);

    const withDomain = { ...env, CHECKPOINT_MAIL_DOMAIN: 'in.checkpoint.test' };
    const created = await runCheckpoint(
      ['address', 'create', '--label', 'Weekly', '--json'],
      withDomain,
    );
    expect(created.code).toBe(0);
    // Exactly {"address"}, as `token create --json` prints exactly {"token"}.
    expect(Object.keys(json<object>(created))).toEqual(['address']);
    const { address } = json<{ address: string }>(created);
    expect(address).toMatch(/^[a-z2-7]{12}@in\.checkpoint\.test$/);
    const listed = json<{ address: string; label: string }[]>(
      await runCheckpoint(['address', 'list', '--json'], withDomain),
    );
    expect(listed).toEqual([expect.objectContaining({ address, label: 'Weekly' })]);
    const removed = await runCheckpoint(['address', 'remove', address], withDomain);
    expect(removed.code).toBe(0);
    expect(json(await runCheckpoint(['address', 'list', '--json'], withDomain))).toEqual([]);
    expect((await runCheckpoint(['address', 'remove', address], withDomain)).code).toBe(1);
  });
});
