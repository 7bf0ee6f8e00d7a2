import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/domain/types.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { createIntakeToken } from '../../src/services/intake/intake-tokens.ts';
import { listItemViews } from '../../src/services/items/items.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { type RunningHttp, serveHttpApp } from '../helpers/http-app.ts';

/** Debian's Apprise CLI (test/helpers/system-packages.ts installs it). */
const APPRISE = '/usr/bin/apprise';

interface AppriseRun {
  code: number;
  output: string;
}

/**
 * Sends one notification with the real `apprise` CLI: no config file, no proxy (only PATH and
 * a temporary HOME), so it talks to our server on 127.0.0.1 and nothing else.
 */
function apprise(home: string, title: string, body: string, url: string): Promise<AppriseRun> {
  return new Promise((resolve) => {
    execFile(
      APPRISE,
      ['-vvv', '-t', title, '-b', body, url],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/**
 * Apprise as it is (Debian's package), pointed at a served Checkpoint the way its documented
 * URL forms allow: `ntfy://` publishes ntfy's JSON to the server root, `gotify://host/TOKEN`
 * posts to `/message`, `json://` to the path given. Each message must be stored exactly once,
 * with its UTF-8 title and body intact — and a refused one must make Apprise report failure.
 */
describe.each(DIALECTS)('Apprise against a served Checkpoint on %s', (dialect) => {
  let t: TestApp;
  let http: RunningHttp;
  let home: string;
  let token: string;
  let userId: number;
  let host: string;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    http = await serveHttpApp(t.app);
    home = await mkdtemp(join(tmpdir(), 'checkpoint-apprise-'));
    userId = (await resolveUser(t.app.db.kysely, undefined)).id;
    token = (await createIntakeToken(t.app, userId, 'apprise')).token;
    host = new URL(http.url).host;
  });
  afterAll(async () => {
    await http.close();
    await t.cleanup();
    await rm(home, { recursive: true, force: true });
  });

  const items = async (): Promise<Item[]> => await listItemViews(t.app, userId, { limit: 1000 });
  const titled = async (title: string): Promise<Item[]> =>
    (await items()).filter((item) => item.title === title);
  const sourceNamed = async (name: string) =>
    await t.app.db.kysely
      .selectFrom('sources')
      .select(['id', 'kind'])
      .where('user_id', '=', userId)
      .where('name', '=', name)
      .executeTakeFirst();

  it('json:// with the token as password: stored once as a webhook message', async () => {
    const run = await apprise(
      home,
      'Über JSON ✓',
      'Grüße aus Köln 🎉',
      `json://x:${token}@${host}/intake/webhook/apprise`,
    );
    expect(run.code, run.output).toBe(0);
    const stored = await titled('Über JSON ✓');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ sourceKind: 'webhook', kind: 'notification' });
    expect(stored[0]!.contentHtml).toContain('Grüße aus Köln 🎉');
  });

  it('ntfy:// with Basic auth publishes JSON to the root: stored once, X-Priority honoured', async () => {
    const run = await apprise(
      home,
      'Über ntfy ✓',
      'Grüße aus Köln 🎉',
      `ntfy://x:${token}@${host}/apprise-basic?priority=high`,
    );
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`ntfy POST URL: ${http.url} `);
    const stored = await titled('Über ntfy ✓');
    expect(stored).toHaveLength(1);
    // Apprise sends priority=high as an X-Priority header beside the JSON body.
    expect(stored[0]).toMatchObject({ sourceKind: 'ntfy', priority: 4 });
    expect(stored[0]!.contentHtml).toContain('Grüße aus Köln 🎉');
    expect(stored[0]!.sourceId).toBe((await sourceNamed('ntfy: apprise-basic'))?.id);
  });

  it('ntfy:// with the token as the user name: stored once', async () => {
    const run = await apprise(
      home,
      'Nur Token',
      'ÄÖÜ äöü ß',
      `ntfy://${token}@${host}/apprise-user`,
    );
    expect(run.code, run.output).toBe(0);
    const stored = await titled('Nur Token');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.contentHtml).toContain('ÄÖÜ äöü ß');
    expect(stored[0]!.sourceId).toBe((await sourceNamed('ntfy: apprise-user'))?.id);
  });

  it('gotify://host/TOKEN posts to /message: stored once as a Gotify message', async () => {
    const run = await apprise(
      home,
      'Gotify à la racine',
      'Ça marche ✓',
      `gotify://${host}/${token}`,
    );
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`Gotify POST URL: ${http.url}/message `);
    const stored = await titled('Gotify à la racine');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ sourceKind: 'gotify' });
    expect(stored[0]!.contentHtml).toContain('Ça marche ✓');
  });

  it('gotify://host/intake/gotify/TOKEN posts to /intake/gotify/message: stored once', async () => {
    const run = await apprise(
      home,
      'Gotify mit Pfad',
      'Straße 😀',
      `gotify://${host}/intake/gotify/${token}`,
    );
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`Gotify POST URL: ${http.url}/intake/gotify/message `);
    const stored = await titled('Gotify mit Pfad');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.contentHtml).toContain('Straße 😀');
  });

  it('without a token or with a wrong one, Apprise reports the failure and nothing is stored', async () => {
    const before = (await items()).length;
    const none = await apprise(home, 'Lost?', 'no token', `ntfy://${host}/apprise-none`);
    expect(none.code).not.toBe(0);
    expect(none.output).toContain('error=401');
    const wrong = await apprise(
      home,
      'Lost?',
      'wrong token',
      `gotify://${host}/cpiWrongWrongWrongWrongWrong12`,
    );
    expect(wrong.code).not.toBe(0);
    expect(wrong.output).toContain('error=401');
    expect((await items()).length).toBe(before);
    expect(await sourceNamed('ntfy: apprise-none')).toBeUndefined();
  });
});
