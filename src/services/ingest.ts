import { type Db, transaction } from '../db/connect.ts';
import { findStoredHashes, insertItems, updateItemContent } from '../db/repos/items.ts';
import type { NewItem, SourceRow, SourceUpdate } from '../db/schema.ts';
import type { Clock, ItemDraft } from '../domain/types.ts';
import { wouldPush } from '../domain/would-push.ts';
import { draftHash, type PreparedItem, prepareDraft } from '../pipeline/prepare.ts';

export interface IngestResult {
  /** Ids of the rows that are new. */
  inserted: number[];
  updated: number;
  unchanged: number;
}

export interface IngestOptions {
  /** Changes to the source row committed in the same transaction as its items (fetch state). */
  sourcePatch?: SourceUpdate;
}

/**
 * Stores what a source brought: idempotent (unique source + external id), and the source's
 * fetch state (ETag, cursors) commits in the same transaction as its items, so a crash at any
 * point either keeps both or neither — the next fetch then brings the items again.
 * Unchanged items are recognised by hash before any sanitising.
 */
export async function ingestDrafts(
  db: Db,
  clock: Clock,
  source: SourceRow,
  drafts: readonly ItemDraft[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const unique = new Map<string, ItemDraft>();
  for (const draft of drafts)
    if (!unique.has(draft.externalId)) unique.set(draft.externalId, draft);
  const hashes = new Map<string, string>();
  for (const [id, draft] of unique) hashes.set(id, draftHash(draft));

  const stored = await findStoredHashes(db.kysely, source.id, [...unique.keys()]);
  const fresh: PreparedItem[] = [];
  const changed: { id: number; item: PreparedItem }[] = [];
  let unchanged = 0;
  for (const [externalId, draft] of unique) {
    const hash = hashes.get(externalId)!;
    const existing = stored.get(externalId);
    if (existing?.hash === hash) unchanged++;
    else if (existing) changed.push({ id: existing.id, item: prepareDraft(draft, hash) });
    else fresh.push(prepareDraft(draft, hash));
  }

  const now = clock.now().getTime();
  const override = source.would_push === null ? null : source.would_push === 1;
  const rows: NewItem[] = fresh.map((item) => ({
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
    published_at: item.publishedAt?.getTime() ?? now,
    published_guessed: item.publishedAt ? 0 : 1,
    received_at: now,
    would_push: wouldPush(source.kind, item.kind, override) ? 1 : 0,
    priority: item.priority,
    hash: item.hash,
    extra: JSON.stringify(item.extra),
  }));

  return await transaction(db, async (trx) => {
    const inserted = await insertItems(trx, rows);
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
        // A date that appears later replaces the first-seen guess; no date keeps the old one.
        ...(item.publishedAt
          ? { published_at: item.publishedAt.getTime(), published_guessed: 0 }
          : {}),
      });
    }
    if (options.sourcePatch) {
      await trx
        .updateTable('sources')
        .set(options.sourcePatch)
        .where('id', '=', source.id)
        .execute();
    }
    return {
      inserted: inserted.map((row) => row.id),
      updated: changed.length,
      unchanged: unchanged + (rows.length - inserted.length),
    };
  });
}
