import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RANKED_MATCHES } from '../../src/db/repos/search.ts';
import { insertSource } from '../../src/db/repos/sources.ts';
import type { SourceRow } from '../../src/db/schema.ts';
import type { ItemDraft } from '../../src/domain/types.ts';
import { createUser, resolveUser } from '../../src/services/accounts/users.ts';
import { ingestDrafts } from '../../src/services/items/ingest.ts';
import { searchItems } from '../../src/services/items/search.ts';
import { removeSource } from '../../src/services/sources/sources.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';

const draft = (id: string, title: string, html: string): ItemDraft => ({
  externalId: id,
  kind: 'article',
  url: `https://example.org/${id}`,
  title,
  author: null,
  contentHtml: html,
  summary: null,
  publishedAt: new Date('2026-03-01T10:00:00Z'),
  baseUrl: null,
});

describe.each(DIALECTS)('full-text search on %s', (dialect) => {
  let t: TestApp;
  let source: SourceRow;
  let userId: number;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    userId = (await resolveUser(t.app.db.kysely, undefined)).id;
    source = await insertSource(t.app.db.kysely, {
      user_id: userId,
      kind: 'feed',
      name: 'News',
      url: 'https://example.org/feed',
      created_at: 1,
    });
    await ingestDrafts(t.app, source, [
      draft(
        '1',
        'Harbour bridge opens',
        '<p>The new <b>bridge</b> over the harbour opened today.</p>',
      ),
      draft('2', 'Café reviews', '<p>We tried the crème brûlée at twelve cafés.</p>'),
      draft('3', 'Weather', '<p>Rain, then more rain. A bridge was closed.</p>'),
    ]);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('finds words in titles and content, titles first', async () => {
    const hits = await searchItems(t.app, userId, 'bridge');
    expect(hits.map((h) => h.external_id)).toEqual(['1', '3']);
  });

  it('needs every word, matches prefixes of the last, ignores accents and markup', async () => {
    expect((await searchItems(t.app, userId, 'harbour brid')).map((h) => h.external_id)).toEqual([
      '1',
    ]);
    expect((await searchItems(t.app, userId, 'creme brulee')).map((h) => h.external_id)).toEqual([
      '2',
    ]);
    expect(await searchItems(t.app, userId, 'href')).toEqual([]);
    expect(await searchItems(t.app, userId, '"); drop table items; --')).toEqual([]);
  });

  it('matches longer words too, unless the whole word already fills the page', async () => {
    const lamps = await insertSource(t.app.db.kysely, {
      user_id: userId,
      kind: 'feed',
      name: 'Lamps',
      url: 'https://lamps.example/feed',
      created_at: 1,
    });
    await ingestDrafts(t.app, lamps, [
      draft('kettle-1', 'Kettle one', '<p>A kettle.</p>'),
      draft('kettle-2', 'Kettle two', '<p>Another kettle.</p>'),
      draft('kettles', 'Kettles compared', '<p>Many of them.</p>'),
      ...Array.from({ length: 50 }, (_, i) =>
        draft(`lantern-${i}`, `Lantern ${i}`, '<p>A lantern.</p>'),
      ),
      draft('lanterns', 'Lanterns at dusk', '<p>Many of them.</p>'),
    ]);
    // Two whole-word matches do not fill a page: the longer word is found as well.
    expect((await searchItems(t.app, userId, 'kettle')).map((h) => h.external_id).sort()).toEqual([
      'kettle-1',
      'kettle-2',
      'kettles',
    ]);
    // Fifty whole-word matches do: only they are ranked.
    const lantern = await searchItems(t.app, userId, 'lantern');
    expect(lantern).toHaveLength(50);
    expect(lantern.map((h) => h.external_id)).not.toContain('lanterns');
    expect((await searchItems(t.app, userId, 'lanterns')).map((h) => h.external_id)).toEqual([
      'lanterns',
    ]);
    // A word begun is a prefix: it finds both.
    const begun = await searchItems(t.app, userId, 'lanter', 100);
    expect(begun).toHaveLength(51);
    expect(begun.map((h) => h.external_id)).toContain('lanterns');
    await removeSource(t.app, userId, lamps.id);
  });

  it('ranks the newest matches, and still finds mine under many newer ones of another user', async () => {
    const other = await createUser(t.app.db.kysely, t.app.clock, { email: 'many@example.org' });
    const theirs = await insertSource(t.app.db.kysely, {
      user_id: other.id,
      kind: 'feed',
      name: 'Zoo',
      url: 'https://zoo.example/feed',
      created_at: 1,
    });
    const mine = await insertSource(t.app.db.kysely, {
      user_id: userId,
      kind: 'feed',
      name: 'Mine',
      url: 'https://mine.example/feed',
      created_at: 1,
    });
    await ingestDrafts(t.app, mine, [draft('z-mine', 'A zebra crossing', '<p>Zebra.</p>')]);
    // The oldest 50 (the best matches: zebra twice in the title), then more than are ranked.
    await ingestDrafts(
      t.app,
      theirs,
      Array.from({ length: 50 }, (_, i) =>
        draft(`old-${i}`, `Zebra zebra ${i}`, '<p>An old zebra at the zoo.</p>'),
      ),
    );
    await ingestDrafts(
      t.app,
      theirs,
      Array.from({ length: RANKED_MATCHES }, (_, i) =>
        draft(`z-${i}`, `Number ${i}`, '<p>Another zebra at the zoo.</p>'),
      ),
    );
    expect((await searchItems(t.app, userId, 'zebra')).map((h) => h.external_id)).toEqual([
      'z-mine',
    ]);
    const hits = await searchItems(t.app, other.id, 'zebra');
    expect(hits).toHaveLength(50);
    // Only the newest matches are ranked: the old ones are not among them, however good.
    expect(hits.filter((h) => h.external_id.startsWith('old-'))).toEqual([]);
    // Under the ranked number, everything is ranked: a rarer word finds the old ones first.
    const zoo = await searchItems(t.app, other.id, 'old zebra');
    expect(zoo.map((h) => h.external_id).sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => `old-${i}`).sort(),
    );
    await removeSource(t.app, other.id, theirs.id);
    await removeSource(t.app, userId, mine.id);
  });

  it('never returns another user’s items, nor items of a removed source', async () => {
    const other = await createUser(t.app.db.kysely, t.app.clock, { email: 'o@example.org' });
    expect(await searchItems(t.app, other.id, 'bridge')).toEqual([]);
    await removeSource(t.app, userId, source.id);
    expect(await searchItems(t.app, userId, 'bridge')).toEqual([]);
    if (dialect === 'sqlite') {
      // The index entries went with the items.
      const left = await t.app.db.kysely
        .selectFrom('items_fts')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(left.n)).toBe(0);
    }
  });
});
