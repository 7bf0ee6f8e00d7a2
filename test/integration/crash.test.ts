import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countItems } from '../../src/db/repos/items.ts';
import { insertSource } from '../../src/db/repos/sources.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { runCheckpoint } from '../helpers/cli.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { rss } from '../helpers/feeds.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';

const BIN = fileURLToPath(new URL('../../bin/checkpoint.js', import.meta.url));
const ITEMS = 2000;

/**
 * Invariant 4, "nothing is lost": a `checkpoint fetch` killed with SIGKILL at any point —
 * while downloading, while parsing and sanitising, around the commit — leaves either nothing
 * or everything of that fetch, and the next fetch completes it with no duplicates.
 */
describe.each(DIALECTS)('a fetch killed with SIGKILL on %s', (dialect) => {
  let t: TestApp;
  let server: FixtureServer;
  let env: Record<string, string>;
  let sourceId: number;
  let userId: number;
  let sent = 0;

  beforeAll(async () => {
    server = await startFixtureServer();
    const body = rss(
      'Big',
      Array.from({ length: ITEMS }, (_, i) => ({
        guid: `big-${i}`,
        title: `Item ${i} of the big feed`,
        link: `https://big.example.org/${i}`,
        date: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString(),
        html: `<p>${'Some text with <a href="/x">a link</a> and <img src="/p.png" width="300"> '.repeat(6)}</p>`,
      })),
    );
    server.route('/big.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"big-1"' });
      res.end(body, () => {
        sent++;
      });
    });
    t = await openTestApp(dialect);
    userId = (await resolveUser(t.app.db.kysely, undefined)).id;
    sourceId = (
      await insertSource(t.app.db.kysely, {
        user_id: userId,
        kind: 'feed',
        name: 'Big',
        url: server.urlFor('/big.xml'),
        created_at: 1,
      })
    ).id;
    env = {
      CHECKPOINT_DATA_DIR: t.dataDir,
      CHECKPOINT_SECRET: 'test-secret-test-secret-test-secret-0123',
      CHECKPOINT_ALLOW_NETWORKS: '127.0.0.1/32',
      ...(t.databaseUrl ? { CHECKPOINT_DATABASE_URL: t.databaseUrl } : {}),
    };
  });
  afterAll(async () => {
    await t.cleanup();
    await server.close();
  });

  it('keeps all or nothing, and the next fetch stores every item exactly once', async () => {
    // Kill points after the body was served: 0 ms (parsing), then later and later.
    const seen: number[] = [];
    for (const delay of [0, 250, 900]) {
      const before = sent;
      const child = spawn(process.execPath, [BIN, 'fetch', '--source', String(sourceId)], {
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
        stdio: 'ignore',
      });
      const exited = once(child, 'exit');
      // Wait until the server has sent the whole feed, then kill after `delay`.
      while (sent === before && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      const count = await countItems(t.app.db.kysely, userId, sourceId);
      expect([0, ITEMS]).toContain(count);
      seen.push(count);
      if (count === ITEMS) break;
    }
    const finished = await runCheckpoint(['fetch', '--source', String(sourceId), '--json'], env);
    expect(finished.code).toBe(0);
    expect(await countItems(t.app.db.kysely, userId, sourceId)).toBe(ITEMS);
    const ids = await t.app.db.kysely
      .selectFrom('items')
      .select('external_id')
      .where('source_id', '=', sourceId)
      .execute();
    expect(new Set(ids.map((r) => r.external_id)).size).toBe(ITEMS);
    // The fetch state commits with the items: a later fetch is a 304-style no-op, not a loss.
    const source = await t.app.db.kysely
      .selectFrom('sources')
      .select(['state', 'lease_owner'])
      .where('id', '=', sourceId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(source.state)).toMatchObject({ etag: '"big-1"' });
    expect(seen.length).toBeGreaterThan(0);
  });
});
