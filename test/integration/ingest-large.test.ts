import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSource } from '../../src/db/repos/sources.ts';
import type { SourceRow } from '../../src/db/schema.ts';
import type { ItemDraft } from '../../src/domain/types.ts';
import { draftHash, prepareDraft } from '../../src/pipeline/prepare.ts';
import { PreparePool, sharedPreparePool } from '../../src/pipeline/prepare-pool.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { ingestDrafts } from '../../src/services/items/ingest.ts';
import { searchItems } from '../../src/services/items/search.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';

/** Large enough to be prepared in chunks on worker threads (ingest's PARALLEL_MIN is 512). */
const COUNT = 1_500;

const draft = (i: number): ItemDraft => ({
  externalId: `post-${i}`,
  kind: 'article',
  // Items 5 and 1,205 are one story (same page, different tracking parameters): they land in
  // different chunks and must still share a cluster.
  url: `https://example.org/posts/${i === 1_205 ? 5 : i}?utm_source=feed${i === 1_205 ? '&utm_medium=x' : ''}`,
  title: `Post number ${i}`,
  author: 'Ana',
  contentHtml: `<p onclick="x()">Body of post ${i} with a <a href="/l/${i}">link</a>.</p><script>alert(${i})</script><img src="/t.gif" width="1" height="1">`,
  summary: null,
  publishedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
  baseUrl: 'https://example.org/',
  // Every seventh is an episode, every fourteenth with its playing time: reading time counts it.
  ...(i % 7 === 0
    ? {
        attachments: [{ url: `https://example.org/ep/${i}.mp3`, type: 'audio/mpeg', length: null }],
        ...(i % 14 === 0 ? { durationSeconds: 600 + i } : {}),
      }
    : {}),
});

describe.each(DIALECTS)('ingesting a large batch on %s', (dialect) => {
  let t: TestApp;
  let source: SourceRow;
  let userId: number;
  const drafts = Array.from({ length: COUNT }, (_, i) => draft(i));

  beforeAll(async () => {
    t = await openTestApp(dialect);
    userId = (await resolveUser(t.app.db.kysely, undefined)).id;
    source = await insertSource(t.app.db.kysely, {
      user_id: userId,
      kind: 'feed',
      name: 'Big',
      url: 'https://example.org/feed',
      created_at: 1,
    });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('stores every item once, prepared exactly as one at a time would be', async () => {
    const threaded = sharedPreparePool()?.counts.threads ?? 0;
    const result = await ingestDrafts(t.app, source, drafts);
    // This machine has a second core: some of the chunks went to the worker thread.
    expect(sharedPreparePool()?.counts.threads ?? 0).toBeGreaterThan(threaded);
    expect(result.inserted).toHaveLength(COUNT);
    expect(new Set(result.inserted).size).toBe(COUNT);
    const rows = await t.app.db.kysely
      .selectFrom('items')
      .selectAll()
      .where('source_id', '=', source.id)
      .execute();
    expect(rows).toHaveLength(COUNT);
    const seconds = new Map(rows.map((r) => [r.external_id, r.reading_seconds]));
    expect([seconds.get('post-14'), seconds.get('post-7')]).toEqual([614 + 2, 30 * 60 + 2]); // + 2 s of text
    for (const row of rows) {
      const i = Number(row.external_id.slice('post-'.length));
      const expected = prepareDraft(drafts[i]!);
      expect(row.content_html).toBe(expected.contentHtml);
      expect(row.hash).toBe(draftHash(drafts[i]!));
      expect(row.title_key).toBe(expected.titleKey);
      expect(row.canonical_url).toBe(expected.canonicalUrl);
      expect(row.reading_seconds).toBe(expected.readingSeconds);
      expect(row.content_html).not.toMatch(/script|onclick|t\.gif/);
    }
  });

  it('indexes every item for search and clusters a story split across chunks', async () => {
    expect((await searchItems(t.app, userId, 'post 1499')).map((h) => h.external_id)).toContain(
      'post-1499',
    );
    const pair = await t.app.db.kysely
      .selectFrom('items')
      .select(['external_id', 'cluster_id'])
      .where('external_id', 'in', ['post-5', 'post-1205'])
      .execute();
    expect(pair).toHaveLength(2);
    expect(pair[0]!.cluster_id).not.toBeNull();
    expect(pair[0]!.cluster_id).toBe(pair[1]!.cluster_id);
  });

  it('recognises the whole batch as unchanged the second time', async () => {
    const again = await ingestDrafts(t.app, source, drafts);
    expect(again).toMatchObject({ inserted: [], updated: 0, unchanged: COUNT });
  });
});

describe('the prepare pool', () => {
  const jobs = Array.from({ length: 300 }, (_, i) => ({ draft: draft(i) }));

  it('prepares on a worker thread what prepareDraft prepares here', async () => {
    const pool = new PreparePool(1);
    try {
      const [a, b] = await Promise.all([
        pool.prepare(jobs.slice(0, 150)),
        pool.prepare(jobs.slice(150)),
      ]);
      expect([...a, ...b]).toEqual(jobs.map((j) => prepareDraft(j.draft)));
      expect(pool.counts).toEqual({ threads: 300, fallback: 0 });
    } finally {
      await pool.close();
    }
  });

  it('prepares on the calling thread when its worker cannot start', async () => {
    const broken = join(tmpdir(), `checkpoint-broken-worker-${process.pid}.mjs`);
    await writeFile(broken, 'throw new Error("this worker cannot start");\n');
    const pool = new PreparePool(1, pathToFileURL(broken));
    try {
      const items = await pool.prepare(jobs.slice(0, 10));
      expect(items).toEqual(jobs.slice(0, 10).map((j) => prepareDraft(j.draft)));
      expect(pool.counts).toEqual({ threads: 0, fallback: 10 });
    } finally {
      await pool.close();
    }
  });
});
