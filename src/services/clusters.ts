import { SAME_STORY, similarity } from '../domain/near-duplicate.ts';
import type { Executor } from '../db/connect.ts';

/** Items newer than this are compared for the same story. */
const WINDOW_MS = 3 * 86_400_000;

export interface Clusterable {
  id: number;
  sourceId: number;
  canonicalUrl: string | null;
  titleKey: string | null;
}

interface Known extends Clusterable {
  clusterId: number | null;
}

type Row = { id: number; source_id: number; canonical_url: string | null; title_key: string | null; cluster_id: number | null };

/**
 * Puts new items into clusters with the user's recent items that carry the same story:
 * the same canonical URL (any source), or a title with mostly the same words (Jaccard ≥ 0.6,
 * from another source, within 3 days). Runs in the ingest transaction.
 */
export async function assignClusters(
  db: Executor,
  userId: number,
  fresh: readonly Clusterable[],
  now: number,
): Promise<void> {
  if (fresh.length === 0) return;
  const index = new StoryIndex();
  const freshIds = new Set(fresh.map((f) => f.id));
  const keep = (rows: Row[]) => {
    for (const r of rows) {
      if (freshIds.has(r.id)) continue;
      index.add({ id: r.id, sourceId: r.source_id, canonicalUrl: r.canonical_url, titleKey: r.title_key, clusterId: r.cluster_id });
    }
  };
  const columns = ['id', 'source_id', 'canonical_url', 'title_key', 'cluster_id'] as const;
  const urls = [...new Set(fresh.map((f) => f.canonicalUrl).filter((u): u is string => !!u))];
  for (let i = 0; i < urls.length; i += 400) {
    keep(await db.selectFrom('items').select(columns).where('user_id', '=', userId).where('canonical_url', 'in', urls.slice(i, i + 400)).execute());
  }
  if (fresh.some((f) => f.titleKey)) {
    keep(
      await db
        .selectFrom('items')
        .select(columns)
        .where('user_id', '=', userId)
        .where('received_at', '>=', now - WINDOW_MS)
        .where('title_key', 'is not', null)
        .execute(),
    );
  }

  for (const item of fresh) {
    const match = index.find(item);
    const self: Known = { ...item, clusterId: null };
    if (match) {
      if (match.clusterId === null) {
        const cluster = await db
          .insertInto('clusters')
          .values({ user_id: userId, representative_id: match.id, size: 2, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        match.clusterId = cluster.id;
        await db.updateTable('items').set({ cluster_id: cluster.id }).where('id', '=', match.id).execute();
      } else {
        await db
          .updateTable('clusters')
          .set((eb) => ({ size: eb('size', '+', 1) }))
          .where('id', '=', match.clusterId)
          .execute();
      }
      self.clusterId = match.clusterId;
      await db.updateTable('items').set({ cluster_id: match.clusterId }).where('id', '=', item.id).execute();
    }
    index.add(self);
  }
}

/** Known items by canonical URL and by title word, to find a story's other items quickly. */
class StoryIndex {
  private readonly byUrl = new Map<string, Known>();
  private readonly byWord = new Map<string, Known[]>();

  add(item: Known): void {
    if (item.canonicalUrl && !this.byUrl.has(item.canonicalUrl)) this.byUrl.set(item.canonicalUrl, item);
    if (!item.titleKey) return;
    for (const word of item.titleKey.split(' ')) {
      const list = this.byWord.get(word);
      if (list) list.push(item);
      else this.byWord.set(word, [item]);
    }
  }

  /** The same URL, else the most similar title from another source above the threshold. */
  find(item: Clusterable): Known | undefined {
    const byUrl = item.canonicalUrl ? this.byUrl.get(item.canonicalUrl) : undefined;
    if (byUrl) return byUrl;
    if (!item.titleKey) return undefined;
    const words = item.titleKey.split(' ');
    const shared = new Map<Known, number>();
    for (const word of words) for (const known of this.byWord.get(word) ?? []) shared.set(known, (shared.get(known) ?? 0) + 1);
    let best: Known | undefined;
    let bestScore = SAME_STORY;
    for (const [known, count] of shared) {
      // Cheap bound first: even a perfect overlap of `count` words cannot reach the threshold.
      if (known.sourceId === item.sourceId || count / words.length < SAME_STORY) continue;
      const score = similarity(item.titleKey, known.titleKey!);
      if (score >= bestScore) {
        best = known;
        bestScore = score;
      }
    }
    return best;
  }
}
