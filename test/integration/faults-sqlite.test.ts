import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { databaseFault } from '../../src/db/database-error.ts';
import { groupTransaction } from '../../src/db/group-commit.ts';
import { insertSource } from '../../src/db/repos/sources.ts';
import { createNotifier } from '../../src/delivery/channel-notifier.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { openApp } from '../../src/services/app.ts';
import { createIntakeToken } from '../../src/services/intake/intake-tokens.ts';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import { openTestApp, type TestApp, testConfig } from '../helpers/db.ts';
import { rss } from '../helpers/feeds.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { type RunningHttp, serveHttpApp } from '../helpers/http-app.ts';

interface ErrorJson {
  error: { code: string; message: string };
}

/**
 * SQLite refusing writes: a full database (max_page_count, as a full disk would) and a file
 * opened in SQLite's read-only mode (root ignores file permissions, SQLite's own mode holds).
 * A refused write answers 507/503 with a message that says so, never 2xx; nothing of it is
 * half-stored; reads go on; and once space is back, everything works and nothing acknowledged
 * is missing.
 */
describe('SQLite that cannot write', () => {
  let t: TestApp;
  let http: RunningHttp;
  let server: FixtureServer;
  let intakeToken: string;
  let userId: number;
  const acknowledged: string[] = [];
  const refused: string[] = [];

  beforeAll(async () => {
    t = await openTestApp('sqlite');
    http = await serveHttpApp(t.app);
    server = await startFixtureServer();
    userId = (await resolveUser(t.app.db.kysely, undefined)).id;
    intakeToken = (await createIntakeToken(t.app, userId, 'phone')).token;
  });
  afterAll(async () => {
    await http.close();
    await server.close();
    await t.cleanup();
  });

  /** Pushes one ntfy message (a body of some kilobytes, so that pages fill up). */
  const push = async (url: string, text: string): Promise<Response> => {
    const res = await fetch(`${url}/intake/ntfy/alerts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${intakeToken}`, title: text },
      body: `${text} ${'filler words to take some room. '.repeat(200)}`,
    });
    if (res.ok) acknowledged.push(text);
    else refused.push(text);
    return res;
  };
  const storedTitles = async () =>
    (
      await t.app.db.kysely
        .selectFrom('items')
        .select('title')
        .where('user_id', '=', userId)
        .execute()
    ).map((r) => r.title ?? '');
  /** Every acknowledged push stored exactly once, no refused one stored at all. */
  const expectAcknowledgedOnly = async () => {
    const titles = await storedTitles();
    expect(titles.filter((x) => x.startsWith('push ')).sort()).toEqual([...acknowledged].sort());
  };

  it('answers 507 "database is full" for pushes it cannot commit, and recovers', async () => {
    for (let i = 0; i < 5; i++) expect((await push(http.url, `push ok ${i}`)).status).toBe(200);
    const sqlite = t.app.db.sqlite!;
    const pages = Number(sqlite.pragma('page_count', { simple: true }));
    // SQLite's own size limit, as a full disk: no page may be added from now on.
    sqlite.pragma(`max_page_count = ${pages}`);
    let full: Response | null = null;
    for (let i = 0; i < 200 && !full; i++) {
      const res = await push(http.url, `push full ${i}`);
      if (!res.ok) full = res;
    }
    expect(full?.status).toBe(507);
    const body = (await full?.json()) as ErrorJson;
    expect(body.error.code).toBe('db_full');
    expect(body.error.message).toMatch(/database is full/);
    // A refused push leaves nothing behind, and every 2xx one is there.
    await expectAcknowledgedOnly();
    expect((await push(http.url, 'push still full')).status).toBe(507);

    // A fetch that cannot store says so and stores nothing of the feed.
    server.route('/feed.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(
        rss(
          'Full',
          Array.from({ length: 50 }, (_, i) => ({
            guid: `f-${i}`,
            title: `feed item ${i}`,
            link: `https://full.example.org/${i}`,
            html: `<p>${'words '.repeat(300)}</p>`,
          })),
        ),
      );
    });
    sqlite.pragma('max_page_count = 1073741823');
    const source = await insertSource(t.app.db.kysely, {
      user_id: userId,
      kind: 'feed',
      name: 'Full',
      url: server.urlFor('/feed.xml'),
      created_at: Date.now(),
    });
    sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true }))}`);
    // Not even the failure can be recorded on the source row: the error says why.
    const fetched = await refreshSource(t.app, source).then(
      () => null,
      (error: unknown) => error,
    );
    expect(databaseFault(fetched)?.message).toMatch(/^database: the database is full/);
    expect((await storedTitles()).filter((x) => x.startsWith('feed item'))).toEqual([]);

    // Room again: the same pushes and the fetch work, and nothing acknowledged was lost.
    sqlite.pragma('max_page_count = 1073741823');
    expect((await push(http.url, 'push after')).status).toBe(200);
    await expectAcknowledgedOnly();
    const again = await refreshSource(t.app, source);
    expect(again.status).toBe('ok');
    expect((await storedTitles()).filter((x) => x.startsWith('feed item'))).toHaveLength(50);
  });

  it('fails every call of a grouped commit with "database is full" when the disk fills', async () => {
    const sqlite = t.app.db.sqlite!;
    sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true }))}`);
    try {
      // Calls made in one turn share a transaction, each in a savepoint; SQLITE_FULL ends the
      // whole transaction, so none of them may report success.
      const outcomes = await Promise.allSettled(
        Array.from({ length: 4 }, (_, i) =>
          groupTransaction(t.app.db, (trx) =>
            trx
              .insertInto('app_settings')
              .values({ key: `grouped-${i}`, value: 'x'.repeat(20_000) })
              .execute(),
          ),
        ),
      );
      const codes = outcomes.map((o) =>
        o.status === 'rejected' ? databaseFault(o.reason)?.code : 'stored',
      );
      expect(codes).toEqual(['db_full', 'db_full', 'db_full', 'db_full']);
    } finally {
      sqlite.pragma('max_page_count = 1073741823');
    }
    const stored = await t.app.db.kysely
      .selectFrom('app_settings')
      .select('key')
      .where('key', 'like', 'grouped-%')
      .execute();
    expect(stored).toEqual([]);
  });

  it('in read-only mode, reads work and writes fail with 503 "read-only"', async () => {
    const { token: apiToken } = await createApiToken(t.app.db.kysely, t.app.clock, userId, 'ro');
    const ro = await openApp(testConfig(t.dataDir), {
      db: openDatabase({ databaseUrl: null, dataDir: t.dataDir, readonly: true }),
      notifier: createNotifier,
    });
    const roHttp = await serveHttpApp(ro);
    try {
      const items = await fetch(`${roHttp.url}/api/v1/items?limit=500`, {
        headers: { authorization: `Bearer ${apiToken}` },
      });
      expect(items.status).toBe(200);
      expect(((await items.json()) as unknown[]).length).toBe((await storedTitles()).length);

      const res = await push(roHttp.url, 'push read-only');
      expect(res.status).toBe(503);
      const body = (await res.json()) as ErrorJson;
      expect(body.error).toMatchObject({ code: 'db_readonly' });
      expect(body.error.message).toMatch(/read-only/);
      await expectAcknowledgedOnly();
    } finally {
      await roHttp.close();
      await ro.close();
    }
  });
});
