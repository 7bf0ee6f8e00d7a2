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
  /** word → source id → items of that source with the word in their title. */
  private readonly byWord = new Map<string, Map<number, Known[]>>();
  private readonly frequency = new Map<string, number>();

  add(item: Known): void {
    if (item.canonicalUrl && !this.byUrl.has(item.canonicalUrl)) this.byUrl.set(item.canonicalUrl, item);
    if (!item.titleKey) return;
    for (const word of item.titleKey.split(' ')) {
      let bySource = this.byWord.get(word);
      if (!bySource) {
        bySource = new Map();
        this.byWord.set(word, bySource);
      }
      const list = bySource.get(item.sourceId);
      if (list) list.push(item);
      else bySource.set(item.sourceId, [item]);
      this.frequency.set(word, (this.frequency.get(word) ?? 0) + 1);
    }
  }

  /** The same URL, else the most similar title from another source above the threshold. */
  find(item: Clusterable): Known | undefined {
    const byUrl = item.canonicalUrl ? this.byUrl.get(item.canonicalUrl) : undefined;
    if (byUrl) return byUrl;
    if (!item.titleKey) return undefined;
    const words = item.titleKey.split(' ');
    // Two titles with Jaccard ≥ 0.6 share more than 40 % of the shorter one's words, so some
    // shared word is among this title's rarest 40 % + 1: look up candidates by those only.
    const rare = [...words]
      .sort((a, b) => (this.frequency.get(a) ?? 0) - (this.frequency.get(b) ?? 0))
      .slice(0, Math.ceil(words.length * (1 - SAME_STORY)) + 1);
    const seen = new Set<Known>();
    let best: Known | undefined;
    let bestScore = SAME_STORY;
    for (const word of rare) {
      for (const [sourceId, list] of this.byWord.get(word) ?? []) {
        if (sourceId === item.sourceId) continue;
        for (const known of list) {
          if (seen.has(known)) continue;
          seen.add(known);
          const score = sameStory(item.titleKey, known.titleKey!) ? similarity(item.titleKey, known.titleKey!) : 0;
          if (score >= bestScore) {
            best = known;
            bestScore = score;
          }
        }
      }
    }
    return best;
  }
}

/** Numbers tell stories apart ("Part 2", "Q3", "iOS 18"): titles whose numbers differ are not one story. */
function sameStory(a: string, b: string): boolean {
  const numbers = (key: string) => key.split(' ').filter((w) => /\d/.test(w)).join(' ');
  const left = numbers(a);
  const right = numbers(b);
  return left === '' || right === '' || left === right;
}
