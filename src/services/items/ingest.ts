import type { Db, Executor } from '../../db/connect.ts';
import { groupTransaction } from '../../db/group-commit.ts';
import { insertNewItems } from '../../db/repos/item-inserts.ts';
import { findStoredHashes, updateItemContent } from '../../db/repos/items.ts';
import { indexItems } from '../../db/repos/search.ts';
import { updateSource } from '../../db/repos/sources.ts';
import type { NewItem, SourceRow, SourceUpdate } from '../../db/schema.ts';
import type { ItemDraft } from '../../domain/types.ts';
import { draftHash, type PreparedItem, prepareDraft } from '../../pipeline/prepare.ts';
import {
  heavyContent,
  type PrepareJob,
  type PreparePool,
  sharedPreparePool,
} from '../../pipeline/prepare-pool.ts';
import { wouldPush } from '../../sources/registry.ts';
import type { App } from '../app.ts';
import { type Breakthrough, deliverBreakthroughs } from '../checkpoints/breakthroughs.ts';
import { recordEvents } from '../checkpoints/ledger.ts';
import { assignClusters, type Clusterable, type ClusterContext, StoryCache } from './clusters.ts';
import { applyRules } from './ingest-rules.ts';

export interface IngestResult {
  /** Ids of the rows that are new. */
  inserted: number[];
  updated: number;
  unchanged: number;
  /** New items a breakthrough rule let through (delivered after the commit). */
  breakthroughs: number;
}

export interface IngestOptions {
  /** Changes to the source row committed in the same transaction as its items (fetch state). */
  sourcePatch?: SourceUpdate;
}

/** Drafts sorted by what they need: stored unchanged, stored but changed, or new. */
interface Classified {
  fresh: PrepareJob[];
  changed: { id: number; item: PreparedItem }[];
  unchanged: number;
}

/** Below this many new items, shipping drafts to another thread costs more than it saves. */
const PARALLEL_MIN = 512;
/** New items per chunk: prepared together, then inserted while the next chunks are prepared. */
const CHUNK = 128;

const storyCaches = new WeakMap<Db, StoryCache>();

/** The story index of one database (shared by every ingest of this process). */
function storyCacheOf(db: Db): StoryCache {
  let cache = storyCaches.get(db);
  if (!cache) {
    cache = new StoryCache();
    storyCaches.set(db, cache);
  }
  return cache;
}

/**
 * Stores what a source brought: idempotent (unique source + external id), and the source's
 * fetch state (ETag, cursors) commits in the same transaction as its items, so a crash at any
 * point either keeps both or neither — the next fetch then brings the items again. On SQLite
 * that transaction may be shared with other sources' ingests arriving meanwhile (group
 * commit, each in its own savepoint); the promise settles after the commit.
 * Unchanged items are recognised by hash before any sanitising. New items are indexed,
 * clustered, run through the user's rules (mute, tag, breakthrough) and counted in the
 * ledger; a breakthrough is delivered only after the commit.
 *
 * @example await ingestDrafts(app, source, feedToDrafts(feed), { sourcePatch: { state } })
 */
export async function ingestDrafts(
  app: App,
  source: SourceRow,
  drafts: readonly ItemDraft[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const classified = await classify(app.db, source.id, drafts);
  const now = app.clock.now().getTime();
  const stories = storyCacheOf(app.db);
  let stored: Awaited<ReturnType<typeof storeBatch>>;
  try {
    stored = await groupTransaction(app.db, (trx) =>
      storeBatch(
        trx,
        app.db,
        stories,
        source,
        { ...classified, fresh: preparedChunks(classified.fresh, sharedPreparePool()) },
        now,
        options,
      ),
    );
  } catch (error) {
    // The story index may hold cluster ids of the rolled-back transaction.
    stories.forget(source.user_id);
    throw error;
  }
  stored.remember();
  if (stored.breakthroughs.length)
    await deliverBreakthroughs(app, source.user_id, stored.breakthroughs);
  return stored.result;
}

/** One row per external id; for stored ones, hashes decide what is unchanged before any other work. */
async function classify(
  db: Db,
  sourceId: number,
  drafts: readonly ItemDraft[],
): Promise<Classified> {
  const unique = new Map<string, ItemDraft>();
  for (const draft of drafts)
    if (!unique.has(draft.externalId)) unique.set(draft.externalId, draft);
  const stored = await findStoredHashes(db.kysely, sourceId, [...unique.keys()]);
  const out: Classified = { fresh: [], changed: [], unchanged: 0 };
  for (const [externalId, draft] of unique) {
    const existing = stored.get(externalId);
    // A new item's hash is computed where it is prepared (possibly another thread).
    if (!existing) {
      out.fresh.push({ draft });
      continue;
    }
    const hash = draftHash(draft);
    if (existing.hash === hash) out.unchanged++;
    else out.changed.push({ id: existing.id, item: prepareDraft(draft, hash) });
  }
  return out;
}

/**
 * New items, prepared in chunks that come out as soon as they are ready: a large batch is
 * shared between the pool's threads and this one (which takes the next chunk itself whenever
 * none is ready), so that sanitising runs on other cores while this thread writes the
 * chunks before. Chunks may come out of order; a small batch is one chunk, prepared here.
 */
async function* preparedChunks(
  jobs: PrepareJob[],
  pool: PreparePool | null,
): AsyncGenerator<PreparedItem[]> {
  const prepare = (chunk: PrepareJob[]) => chunk.map((j) => prepareDraft(j.draft, j.hash));
  if (!pool || jobs.length < PARALLEL_MIN) {
    // A few items of huge HTML go to a thread whole: sanitising them here would stall the loop.
    if (pool && heavyContent(jobs)) yield await pool.prepare(jobs);
    else if (jobs.length) yield prepare(jobs);
    return;
  }
  const chunks: PrepareJob[][] = [];
  for (let i = 0; i < jobs.length; i += CHUNK) chunks.push(jobs.slice(i, i + CHUNK));
  const ready: PreparedItem[][] = [];
  let next = 0;
  let inFlight = 0;
  let wake: (() => void) | null = null;
  const send = () => {
    // Four chunks per thread keep it busy while this thread is writing (answers come in only
    // between chunks).
    while (inFlight < pool.size * 4 && next < chunks.length) {
      inFlight++;
      void pool.prepare(chunks[next++]!).then((items) => {
        inFlight--;
        ready.push(items);
        wake?.();
      });
    }
  };
  while (next < chunks.length || inFlight > 0 || ready.length > 0) {
    send();
    // The threads' answers arrive as events: let them in.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (ready.length > 0) yield ready.shift()!;
    else if (next < chunks.length) yield prepare(chunks[next++]!);
    else if (inFlight > 0) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  }
}

function toRow(source: SourceRow, item: PreparedItem, now: number): NewItem {
  const override = source.would_push === null ? null : source.would_push === 1;
  return {
    user_id: source.user_id,
    source_id: source.id,
    external_id: item.externalId,
    kind: item.kind,
    url: item.url,
    canonical_url: item.canonicalUrl,
    title: item.title,
    author: item.author,
    content_html: item.contentHtml,
    summary: item.summary,
    // Undated items keep their first-seen time, stable across refetches.
    published_at: item.publishedAt?.getTime() ?? now,
    published_guessed: item.publishedAt ? 0 : 1,
    received_at: now,
    would_push: wouldPush(source.kind, item.kind, override, item.origin) ? 1 : 0,
    priority: item.priority,
    hash: item.hash,
    extra: JSON.stringify(item.extra),
    title_key: item.titleKey,
    reading_seconds: item.readingSeconds,
  };
}

async function updateChanged(trx: Executor, changed: Classified['changed']): Promise<void> {
  for (const { id, item } of changed) {
    await updateItemContent(trx, id, {
      title: item.title,
      url: item.url,
      canonical_url: item.canonicalUrl,
      author: item.author,
      content_html: item.contentHtml,
      summary: item.summary,
      hash: item.hash,
      extra: JSON.stringify(item.extra),
      reading_seconds: item.readingSeconds,
      // A date that appears later replaces the first-seen guess; no date keeps the old one.
      ...(item.publishedAt
        ? { published_at: item.publishedAt.getTime(), published_guessed: 0 }
        : {}),
    });
  }
}

/** A new item as clustering sees it. */
function clusterable(source: SourceRow, n: { id: number; item: PreparedItem }): Clusterable {
  return {
    id: n.id,
    sourceId: source.id,
    canonicalUrl: n.item.canonicalUrl,
    titleKey: n.item.titleKey,
  };
}

/** Counts the new items in the ledger (`held`, with how many would have pushed). */
async function recordHeld(
  trx: Executor,
  source: SourceRow,
  news: readonly { row: NewItem }[],
  now: number,
): Promise<void> {
  if (!news.length) return;
  const pushes = news.filter((n) => n.row.would_push === 1).length;
  await recordEvents(trx, [
    {
      userId: source.user_id,
      at: now,
      type: 'held',
      count: news.length,
      data: { wouldPush: pushes, sourceId: source.id },
    },
  ]);
}

/** The body of the ingest transaction. */
async function storeBatch(
  trx: Executor,
  db: Db,
  stories: StoryCache,
  source: SourceRow,
  {
    fresh,
    changed,
    unchanged,
  }: Omit<Classified, 'fresh'> & { fresh: AsyncIterable<PreparedItem[]> },
  now: number,
  options: IngestOptions,
): Promise<{ result: IngestResult; breakthroughs: Breakthrough[]; remember: () => void }> {
  const news: { id: number; row: NewItem; item: PreparedItem }[] = [];
  const remembers: (() => void)[] = [];
  const ours = new Set<number>();
  const clusterContext: ClusterContext = { ours };
  let skipped = 0;
  for await (const chunk of fresh) {
    const rows = chunk.map((item) => toRow(source, item, now));
    const inserted = await insertNewItems(db, trx, rows);
    const byExternal = new Map(rows.map((row, i) => [row.external_id, { row, item: chunk[i]! }]));
    const added = inserted.map((r) => ({ id: r.id, ...byExternal.get(r.external_id)! }));
    skipped += rows.length - inserted.length;
    for (const n of added) ours.add(n.id);
    await indexItems(
      db,
      trx,
      added.map((n) => ({ id: n.id, title: n.item.title, text: n.item.text })),
    );
    // Clustered chunk by chunk (while other threads prepare the next ones): a chunk finds
    // the chunks before it in the database, as it finds any stored item.
    remembers.push(
      await assignClusters(
        db,
        trx,
        stories,
        source.user_id,
        added.map((n) => clusterable(source, n)),
        now,
        clusterContext,
      ),
    );
    news.push(...added);
  }
  await updateChanged(trx, changed);
  if (options.sourcePatch) {
    await updateSource(trx, source.user_id, source.id, options.sourcePatch);
  }
  await indexItems(
    db,
    trx,
    changed.map((c) => ({ id: c.id, title: c.item.title, text: c.item.text })),
    true,
  );
  const breakthroughs = await applyRules(db, trx, source, news, now);
  await recordHeld(trx, source, news, now);
  return {
    result: {
      inserted: news.map((n) => n.id),
      updated: changed.length,
      unchanged: unchanged + skipped,
      breakthroughs: breakthroughs.length,
    },
    breakthroughs,
    remember: () => {
      for (const remember of remembers) remember();
    },
  };
}
