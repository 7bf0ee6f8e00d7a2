/**
 * One story across sources: what ingest puts in one cluster, and what it keeps apart. Real
 * ingests on both dialects, with a clock moved by hand for the three-day window.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertSource } from '../../src/db/repos/sources.ts';
import type { SourceRow } from '../../src/db/schema.ts';
import type { ItemDraft } from '../../src/domain/types.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { ingestDrafts } from '../../src/services/items/ingest.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';

const DAY = 86_400_000;

const draft = (externalId: string, title: string, url?: string): ItemDraft => ({
  externalId,
  kind: 'article',
  url: url ?? `https://${externalId}.example/post`,
  title,
  author: null,
  contentHtml: `<p>${title}</p>`,
  summary: null,
  publishedAt: null,
  baseUrl: null,
});

describe.each(DIALECTS)('clusters on %s', (dialect) => {
  let t: TestApp;
  let clock: TestClock;
  let userId: number;
  let sources: SourceRow[];

  beforeEach(async () => {
    clock = new TestClock('2026-03-02T07:00:00Z');
    t = await openTestApp(dialect, { clock });
    userId = (await resolveUser(t.app.db.kysely, undefined)).id;
    sources = [];
    for (const name of ['a', 'b', 'c'])
      sources.push(
        await insertSource(t.app.db.kysely, {
          user_id: userId,
          kind: 'feed',
          name,
          url: `https://${name}.example/feed`,
          created_at: 1,
        }),
      );
  });
  afterEach(async () => {
    await t.cleanup();
  });

  /** Each item's cluster, by external id: items of one story share a number, others null. */
  async function clusters(): Promise<Record<string, number | null>> {
    const rows = await t.app.db.kysely
      .selectFrom('items')
      .select(['external_id', 'cluster_id'])
      .orderBy('id')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.external_id, r.cluster_id]));
  }

  async function sizes(): Promise<number[]> {
    const rows = await t.app.db.kysely
      .selectFrom('clusters')
      .select('size')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.size);
  }

  it('joins titles with mostly the same words from other sources, one ingest after another', async () => {
    await ingestDrafts(t.app, sources[0]!, [
      draft('a1', 'Apple unveils the new M5 chip for laptops'),
      draft('a2', 'Rainfall records broken across northern Europe'),
    ]);
    await ingestDrafts(t.app, sources[1]!, [
      draft('b1', 'Apple unveils new M5 chip for its laptops'),
      draft('b2', 'Local bakery wins national bread award'),
    ]);
    await ingestDrafts(t.app, sources[2]!, [draft('c1', 'Apple unveils the M5 chip for laptops')]);
    const c = await clusters();
    expect(c.a1).not.toBeNull();
    expect([c.b1, c.c1]).toEqual([c.a1, c.a1]);
    expect([c.a2, c.b2]).toEqual([null, null]);
    expect(await sizes()).toEqual([3]);
  });

  it('joins the same canonical URL at any age, and titles only within three days', async () => {
    await ingestDrafts(t.app, sources[0]!, [
      draft('a1', 'Council approves the new harbour bridge plan', 'https://news.example/bridge'),
      draft('a2', 'Orchestra announces its spring concert season'),
    ]);
    // Four days on (the in-memory index is rebuilt from the database after ten minutes).
    clock.advance(4 * DAY);
    await ingestDrafts(t.app, sources[1]!, [
      draft(
        'b1',
        'Bridge plan: the harbour council votes',
        'https://news.example/bridge?utm_source=x',
      ),
      draft('b2', 'Orchestra announces its spring concert season'),
    ]);
    const c = await clusters();
    expect(c.a1).not.toBeNull();
    expect(c.b1).toBe(c.a1);
    expect(c.a2).toBeNull();
    expect(c.b2).toBeNull();
  });

  it('keeps apart titles whose numbers differ, and the same source’s titles', async () => {
    await ingestDrafts(t.app, sources[0]!, [
      draft('a1', 'Quarterly results: revenue grows in Q3 2026 for Acme'),
      draft('a2', 'Part 2 of the guide to sourdough baking at home'),
    ]);
    await ingestDrafts(t.app, sources[0]!, [
      draft('a3', 'Part 2 of the guide to sourdough baking at home, updated'),
    ]);
    await ingestDrafts(t.app, sources[1]!, [
      draft('b1', 'Quarterly results: revenue grows in Q4 2026 for Acme'),
      draft('b2', 'Part 3 of the guide to sourdough baking at home'),
      draft('b3', 'Quarterly results: Acme revenue grows in Q3 2026'),
    ]);
    const c = await clusters();
    expect(c.a1).not.toBeNull();
    expect(c.b3).toBe(c.a1);
    expect([c.a2, c.a3, c.b1, c.b2]).toEqual([null, null, null, null]);
  });

  it('joins a story over a day, remembered between ingests, and counts its size', async () => {
    const [a, b, c] = sources as [SourceRow, SourceRow, SourceRow];
    await ingestDrafts(t.app, a, [draft('a1', 'Storm closes the airport for two days')]);
    await ingestDrafts(t.app, b, [draft('b1', 'Storm closes airport for two days')]);
    clock.advance(DAY);
    await ingestDrafts(t.app, c, [
      draft('c1', 'Storm closes the airport for two days, flights cancelled'),
    ]);
    const ids = await clusters();
    expect(ids.a1).not.toBeNull();
    expect([ids.b1, ids.c1]).toEqual([ids.a1, ids.a1]);
    expect(await sizes()).toEqual([3]);
  });
});
