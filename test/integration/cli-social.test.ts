import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { type App, openApp } from '../../src/services/app.ts';
import { type BlueskyServer, ME, startBlueskyServer } from '../helpers/bluesky-server.ts';
import { json, runCheckpoint } from '../helpers/cli.ts';
import { exportFiles } from '../helpers/exports.ts';
import { rss } from '../helpers/feeds.ts';
import {
  type FixtureServer,
  sendWithValidators,
  startFixtureServer,
} from '../helpers/fixture-server.ts';
import { type RunningHttp, serveHttpApp } from '../helpers/http-app.ts';
import { type MastodonServer, startMastodonServer } from '../helpers/mastodon-server.ts';

// biome-ignore lint/suspicious/noExplicitAny: CLI output are read loosely
type Json = Record<string, any>;

/** The social commands as scripts use them, against the real `checkpoint` binary. */
// Every step starts the real binary (tsx compiles on start): generous time per test.
describe('checkpoint CLI: intake, accounts, imports, bridges', { timeout: 180_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  let masto: MastodonServer;
  let bsky: BlueskyServer;
  let bridge: FixtureServer;
  let app: App;
  let http: RunningHttp;
  const cli = (args: string[], extra: Record<string, string> = {}, input?: string) =>
    runCheckpoint(args, { ...env, ...extra }, input === undefined ? {} : { input });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoint-cli-social-'));
    env = { CHECKPOINT_DATA_DIR: join(dir, 'data'), CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32' };
    [masto, bsky, bridge] = await Promise.all([
      startMastodonServer(),
      startBlueskyServer(),
      startFixtureServer(),
    ]);
    bridge.route('/linkedin/company/acme/posts', (req, res) =>
      sendWithValidators(req, res, {
        body: rss('LinkedIn - Acme’s Posts', [
          {
            guid: 'a1',
            title: 'We are hiring',
            link: 'https://www.linkedin.com/feed/update/urn:li:activity:1',
          },
        ]),
        contentType: 'application/rss+xml',
      }),
    );
    // The server side of the same data directory, as `checkpoint serve` would run it.
    app = await openApp(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
    http = await serveHttpApp(app);
  });
  afterAll(async () => {
    await http.close();
    await app.close();
    await Promise.all([masto.close(), bsky.close(), bridge.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('intake token create --json prints {token}; a bearer ntfy push is then held', async () => {
    const created = await cli(['intake', 'token', 'create', '--label', 'phone', '--json']);
    expect(created.code).toBe(0);
    const { token } = json<{ token: string }>(created);
    const res = await fetch(`${http.url}/intake/ntfy/mytopic`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: 'hi',
    });
    expect(res.status).toBe(200);
    const items = json<Json[]>(await cli(['items', '--json']));
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'notification',
        sourceKind: 'ntfy',
        title: 'hi',
        wouldPush: true,
      }),
    ]);
    const list = json<Json[]>(await cli(['intake', 'token', 'list', '--json']));
    expect(list).toEqual([
      expect.objectContaining({ label: 'phone', hint: `${token.slice(0, 7)}…` }),
    ]);
    expect((await cli(['intake', 'token', 'revoke', String(list[0]!.id)])).code).toBe(0);
    expect(json<Json[]>(await cli(['intake', 'token', 'list', '--json']))).toEqual([]);
  });

  it('source add-mastodon with --token-env, and with a pasted out-of-band code', async () => {
    const withToken = await cli(
      ['source', 'add-mastodon', masto.url, '--token-env', 'MASTO_TOKEN', '--json'],
      { MASTO_TOKEN: masto.token },
    );
    expect(withToken.code).toBe(0);
    expect(json(withToken)).toMatchObject({
      kind: 'mastodon',
      name: `@trwnh@${new URL(masto.url).host}`,
      created: true,
      itemsAdded: 22,
    });
    // The user opens the authorisation page; the instance shows a code, which is pasted.
    const code = await (
      await fetch(
        `${masto.url}/oauth/authorize?client_id=client-abc&response_type=code&redirect_uri=urn:ietf:wg:oauth:2.0:oob`,
      )
    ).text();
    const pasted = await cli(['source', 'add-mastodon', masto.url, '--json'], {}, `${code}\n`);
    expect(pasted.code).toBe(0);
    expect(pasted.stderr).toContain(`${masto.url}/oauth/authorize?client_id=client-abc`);
    expect(json(pasted)).toMatchObject({ kind: 'mastodon', created: false });
    const missing = await cli([
      'source',
      'add-mastodon',
      masto.url,
      '--token-env',
      'NOT_SET_ANYWHERE',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('NOT_SET_ANYWHERE: that environment variable is not set');
  });

  it('source add-bluesky --password-env, and usage errors without it', async () => {
    const added = await cli(
      [
        'source',
        'add-bluesky',
        ME.handle,
        '--password-env',
        'BSKY_PASS',
        '--service',
        bsky.url,
        '--json',
      ],
      { BSKY_PASS: bsky.password },
    );
    expect(added.code).toBe(0);
    expect(json(added)).toMatchObject({ kind: 'bluesky', created: true, itemsAdded: 95 });
    expect((await cli(['source', 'add-bluesky', ME.handle])).code).toBe(2);
    expect(
      (await cli(['source', 'add-bluesky', ME.handle, '--password-env', 'NOT_SET_ANYWHERE'])).code,
    ).toBe(2);
    const wrong = await cli(
      ['source', 'add-bluesky', ME.handle, '--password-env', 'BSKY_PASS', '--service', bsky.url],
      { BSKY_PASS: 'wrong' },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('Invalid identifier or password');
  });

  it('import <zip> --json; importing twice adds nothing; bad input exits 1 naming the line', async () => {
    const zip = join(dir, 'linkedin.zip');
    await writeFile(
      zip,
      zipSync(Object.fromEntries(exportFiles('linkedin').map((f) => [f.path, f.data]))),
    );
    const first = await cli(['import', zip, '--json']);
    expect(first.code).toBe(0);
    expect(json(first)).toMatchObject({ kind: 'linkedin', found: 6, added: 6 });
    expect(json(await cli(['import', zip, '--json']))).toMatchObject({ added: 0, unchanged: 6 });
    const chat = join(dir, 'WhatsApp Chat with Ann.txt');
    await writeFile(chat, exportFiles('whatsapp').find((f) => f.path.startsWith('WhatsApp'))!.data);
    expect(
      json(await cli(['import', chat, '--kind', 'whatsapp', '--tz', 'Europe/Berlin', '--json'])),
    ).toMatchObject({ kind: 'whatsapp', added: 5 });
    const broken = join(dir, 'broken.txt');
    await writeFile(broken, 'not a chat\n31/12/2023, 22:59 - Ann: hi\n');
    const bad = await cli(['import', broken, '--kind', 'whatsapp']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('import: whatsapp broken.txt line 1');
    expect((await cli(['import', join(dir, 'nope.zip')])).code).toBe(2);
    expect((await cli(['import', zip, '--kind', 'myspace'])).code).toBe(2);
  });

  it('bridge set, then follow a LinkedIn company account', async () => {
    expect((await cli(['bridge', 'set', bridge.url, '--kind', 'rsshub'])).code).toBe(0);
    expect(json(await cli(['bridge', 'show', '--json']))).toEqual({
      bridge: { kind: 'rsshub', url: `${bridge.url}/` },
    });
    const follow = await cli([
      'follow',
      'linkedin',
      'https://www.linkedin.com/company/acme/',
      '--json',
    ]);
    expect(follow.code).toBe(0);
    expect(json(follow)).toMatchObject({
      kind: 'feed',
      name: 'LinkedIn: @acme',
      platform: 'linkedin',
      itemsAdded: 1,
    });
    expect((await cli(['follow', 'myspace', 'tom'])).code).toBe(2);
  });

  it('items --json lists held items of every kind with kind and sourceKind', async () => {
    const items = json<Json[]>(await cli(['items', '--json', '--limit', '1000']));
    expect(new Set(items.map((i) => i.sourceKind))).toEqual(
      new Set(['ntfy', 'mastodon', 'bluesky', 'import', 'feed']),
    );
    expect(new Set(items.map((i) => i.kind))).toEqual(
      new Set(['notification', 'post', 'reply', 'message', 'article']),
    );
  });
});
