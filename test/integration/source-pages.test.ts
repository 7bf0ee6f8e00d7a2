/**
 * The sources at scale, on both databases: every fetch leaves a run in the source's history
 * (outcome, new items, HTTP status, error) and only the last 50 stay; renaming a source and
 * moving it between categories (a new name creates the category) through the service, the
 * API and the web form; a feed added without a scheme tries https, then http, against a
 * fixture server on 127.0.0.1 (https fails there), and an address that answers neither names
 * both tries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCategories } from '../../src/db/repos/categories.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { createUser, resolveUser } from '../../src/services/accounts/users.ts';
import { listFetchHistory } from '../../src/services/sources/fetch-history.ts';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import { sourceDirectory } from '../../src/services/sources/source-directory.ts';
import { changeSourceSettings } from '../../src/services/sources/source-settings.ts';
import { getSource, subscribe } from '../../src/services/sources/sources.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { rss, type TestEntry } from '../helpers/feeds.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';

describe.each(DIALECTS)('sources at scale on %s', (dialect) => {
  let t: TestApp;
  let site: FixtureServer;
  let http: ReturnType<typeof createHttpApp>;
  let userId = 0;
  let token = '';
  let otherToken = '';
  const clock = new TestClock('2026-03-02T07:00:00Z');
  const entries: TestEntry[] = [
    { guid: 'a1', title: 'First', date: 'Mon, 02 Mar 2026 06:00:00 GMT' },
  ];
  let failing = false;

  const api = async (method: string, path: string, body?: unknown, as = token) => {
    const res = await http.request(`/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${as}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    site = await startFixtureServer();
    site.route('/river.xml', (_req, res) => {
      if (failing) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('down for maintenance');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss('River Notes', entries));
    });
    t = await openTestApp(dialect, { clock });
    http = createHttpApp(t.app);
    const user = await resolveUser(t.app.db.kysely, undefined);
    userId = user.id;
    const other = await createUser(t.app.db.kysely, t.app.clock, { email: 'other@example.org' });
    token = (await createApiToken(t.app.db.kysely, t.app.clock, user.id, 'a')).token;
    otherToken = (await createApiToken(t.app.db.kysely, t.app.clock, other.id, 'b')).token;
  });
  afterAll(async () => {
    await t?.cleanup();
    await site?.close();
  });

  it('adds example.org/blog without a scheme: https fails on 127.0.0.1, then http works', async () => {
    const address = `127.0.0.1:${site.port}/river.xml`;
    const result = await subscribe(t.app, userId, address);
    expect(result).toMatchObject({ status: 'subscribed', created: true, itemsAdded: 1 });
    if (result.status !== 'subscribed') throw new Error('not subscribed');
    expect(result.source.url).toBe(`http://${address}`);
    // Typed again, it is found as the feed already followed (no second source).
    expect(await subscribe(t.app, userId, address)).toMatchObject({ created: false });
  });

  it('an address that answers on neither scheme names both tries', async () => {
    const address = `127.0.0.1:${site.port}/nothing-here.xml`;
    const error = await subscribe(t.app, userId, address).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`https://${address}`);
    expect(message).toContain(`http://${address}`);
    expect(message).toContain('HTTP 404');
    // The API says the same, as a 422 with both tries.
    const answer = await api('POST', '/sources', { url: address });
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body)).toContain(`http://${address}`);
  });

  it('records each fetch (ok, error) and keeps only the last 50', async () => {
    const [river] = (await sourceDirectory(t.app, userId, 'en')).fetched[0]!.sources;
    const id = river!.source.id;
    entries.push({ guid: 'a2', title: 'Second', date: 'Mon, 02 Mar 2026 08:00:00 GMT' });
    clock.advance(60_000);
    await refreshSource(t.app, await getSource(t.app, userId, id));
    failing = true;
    clock.advance(60_000);
    await refreshSource(t.app, await getSource(t.app, userId, id));
    failing = false;
    let runs = await listFetchHistory(t.app, userId, id);
    expect(runs.map((r) => [r.outcome, r.newItems, r.httpStatus])).toEqual([
      ['error', 0, 500],
      ['ok', 1, 200],
    ]);
    expect(runs[0]!.error).toContain('500');
    expect(runs[0]!.at).toBe(clock.now().toISOString());

    for (let i = 0; i < 52; i++) {
      clock.advance(60_000);
      await refreshSource(t.app, await getSource(t.app, userId, id));
    }
    runs = await listFetchHistory(t.app, userId, id);
    expect(runs).toHaveLength(50);
    expect(runs[0]!.at).toBe(clock.now().toISOString());
    expect(runs.every((r) => r.outcome === 'ok' && r.newItems === 0)).toBe(true);
    const stored = await t.app.db.kysely
      .selectFrom('fetch_runs')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('source_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(50);

    const shown = await api('GET', `/sources/${id}/fetches`);
    expect(shown.status).toBe(200);
    expect(shown.body).toHaveLength(50);
    expect((shown.body as unknown as { outcome: string }[])[0]).toMatchObject({
      outcome: 'ok',
      newItems: 0,
      error: null,
    });
    expect((await api('GET', `/sources/${id}/fetches`, undefined, otherToken)).status).toBe(404);
  });

  it('renames and moves a source; a new category name creates it; bad values are refused', async () => {
    const [river] = (await sourceDirectory(t.app, userId, 'en')).fetched[0]!.sources;
    const id = river!.source.id;
    const moved = await changeSourceSettings(t.app, userId, id, {
      name: '  River notes (local)  ',
      category: 'Local news',
    });
    expect(moved.name).toBe('River notes (local)');
    const categories = await listCategories(t.app.db.kysely, userId);
    expect(categories.map((c) => c.name)).toEqual(['Local news']);
    expect(moved.categoryId).toBe(categories[0]!.id);

    const patched = await api('PATCH', `/sources/${id}`, { name: 'River', category: 'Water' });
    expect(patched).toMatchObject({ status: 200, body: { name: 'River' } });
    const directory = await sourceDirectory(t.app, userId, 'en');
    expect(directory.categories).toEqual(['Local news', 'Water']);
    expect(directory.fetched.map((g) => [g.category, g.sources.map((s) => s.source.name)])).toEqual(
      [['Water', ['River']]],
    );

    // null (or "") takes it out of every category; the category itself stays to move to.
    expect(await api('PATCH', `/sources/${id}`, { category: null })).toMatchObject({
      status: 200,
      body: { categoryId: null },
    });
    expect((await sourceDirectory(t.app, userId, 'en')).fetched[0]!.category).toBeNull();

    const blank = await changeSourceSettings(t.app, userId, id, { name: '   ' }).catch((e) => e);
    expect((blank as Error).message).toContain('a name must be 1 to 300 characters');
    expect((await getSource(t.app, userId, id)).name).toBe('River');
    expect((await api('PATCH', `/sources/${id}`, { name: 'Bob’s' }, otherToken)).status).toBe(404);
  });

  it('sorts sources case-insensitively within categories and keeps pushed ones apart', async () => {
    const { insertSource } = await import('../../src/db/repos/sources.ts');
    const base = { user_id: userId, interval_minutes: 60, next_check_at: 0, created_at: 0 };
    for (const [kind, name] of [
      ['feed', 'beta blog'],
      ['feed', 'Alpha Blog'],
      ['feed', 'Écho'],
      ['ntfy', 'Phone alerts'],
      ['webhook', 'deploys'],
    ] as const)
      await insertSource(t.app.db.kysely, { ...base, kind, name, url: `https://x.test/${name}` });
    const directory = await sourceDirectory(t.app, userId, 'en');
    expect(directory.fetched).toHaveLength(1);
    expect(directory.fetched[0]!.sources.map((s) => s.source.name)).toEqual([
      'Alpha Blog',
      'beta blog',
      'Écho',
      'River',
    ]);
    expect(directory.pushed.map((s) => s.source.name)).toEqual(['deploys', 'Phone alerts']);
    expect(directory.fetched[0]!.sources.find((s) => s.source.name === 'River')!.unread).toBe(2);
  });
});
