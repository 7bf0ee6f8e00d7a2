import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countItems } from '../../src/db/repos/items.ts';
import { insertSource } from '../../src/db/repos/sources.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { type App, openApp } from '../../src/services/app.ts';
import { runCheckpoint } from '../helpers/cli.ts';
import { testConfig } from '../helpers/db.ts';
import { rss } from '../helpers/feeds.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { checkpointEnv } from '../helpers/processes.ts';
import { mountSmallDisk, type SmallDisk } from '../helpers/small-disk.ts';

const ITEMS = 300;

/**
 * A real full disk under a real `checkpoint fetch`: the data directory lives on a small tmpfs
 * that a filler file takes up. The fetch fails with one line saying the database is full and
 * stores nothing of the feed; once there is room again, the same fetch stores it all, once.
 */
describe('a checkpoint fetch on a full disk', () => {
  let disk: SmallDisk;
  let server: FixtureServer;
  let app: App;
  let env: Record<string, string>;
  let userId: number;
  let sourceId: number;

  beforeAll(async () => {
    disk = await mountSmallDisk(16);
    server = await startFixtureServer();
    const body = rss(
      'Roomy',
      Array.from({ length: ITEMS }, (_, i) => ({
        guid: `roomy-${i}`,
        title: `Roomy item ${i}`,
        link: `https://roomy.example.org/${i}`,
        html: `<p>${`Item ${i} takes some room on the disk. `.repeat(60)}</p>`,
      })),
    );
    server.route('/roomy.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(body);
    });
    const dataDir = join(disk.dir, 'data');
    app = await openApp(testConfig(dataDir));
    userId = (await resolveUser(app.db.kysely, undefined)).id;
    sourceId = (
      await insertSource(app.db.kysely, {
        user_id: userId,
        kind: 'feed',
        name: 'Roomy',
        url: server.urlFor('/roomy.xml'),
        created_at: 1,
      })
    ).id;
    env = checkpointEnv({ dataDir, databaseUrl: null });
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
    await disk?.unmount();
  });

  it('says the database is full, stores nothing, and completes once there is room', {
    timeout: 60_000,
  }, async () => {
    await disk.fill();
    const full = await runCheckpoint(['fetch', '--source', String(sourceId)], env);
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(/^checkpoint: database: the database is full/);
    expect(full.stderr.trim().split('\n')).toHaveLength(1);
    expect(await countItems(app.db.kysely, userId, sourceId)).toBe(0);

    await disk.free();
    const roomy = await runCheckpoint(['fetch', '--source', String(sourceId)], env);
    expect(roomy.code, roomy.stderr).toBe(0);
    expect(await countItems(app.db.kysely, userId, sourceId)).toBe(ITEMS);
    const ids = await app.db.kysely
      .selectFrom('items')
      .select('external_id')
      .where('source_id', '=', sourceId)
      .execute();
    expect(new Set(ids.map((r) => r.external_id)).size).toBe(ITEMS);
  });
});
