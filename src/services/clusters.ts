import { bands, hamming } from '../domain/simhash.ts';
import type { Executor } from '../db/connect.ts';

/** Items newer than this are compared for the same story. */
const WINDOW_MS = 3 * 86_400_000;
/** Fingerprints this close are one story (of 64 bits). */
const MAX_DISTANCE = 6;

export interface Clusterable {
  id: number;
  sourceId: number;
  canonicalUrl: string | null;
  simhash: string | null;
}

interface Known extends Clusterable {
  clusterId: number | null;
}

/**
 * Puts new items into clusters with the user's recent items that carry the same story:
 * the same canonical URL (any source), or a near-identical title and summary (SimHash within
 * 6 bits, from another source). Runs in the ingest transaction.
 */
export async function assignClusters(
  db: Executor,
  userId: number,
  fresh: readonly Clusterable[],
  now: number,
): Promise<void> {
  if (fresh.length === 0) return;
  const freshIds = new Set(fresh.map((f) => f.id));
  const urls = [...new Set(fresh.map((f) => f.canonicalUrl).filter((u): u is string => !!u))];
  const known: Known[] = [];
  const seen = new Set<number>();
  const keep = (rows: { id: number; source_id: number; canonical_url: string | null; simhash: string | null; cluster_id: number | null }[]) => {
    for (const r of rows) {
      if (seen.has(r.id) || freshIds.has(r.id)) continue;
      seen.add(r.id);
      known.push({ id: r.id, sourceId: r.source_id, canonicalUrl: r.canonical_url, simhash: r.simhash, clusterId: r.cluster_id });
    }
  };
  for (let i = 0; i < urls.length; i += 400) {
    keep(
      await db
        .selectFrom('items')
        .select(['id', 'source_id', 'canonical_url', 'simhash', 'cluster_id'])
        .where('user_id', '=', userId)
        .where('canonical_url', 'in', urls.slice(i, i + 400))
        .execute(),
    );
  }
  if (fresh.some((f) => f.simhash)) {
    keep(
      await db
        .selectFrom('items')
        .select(['id', 'source_id', 'canonical_url', 'simhash', 'cluster_id'])
        .where('user_id', '=', userId)
        .where('received_at', '>=', now - WINDOW_MS)
        .where('simhash', 'is not', null)
        .execute(),
    );
  }

  const byUrl = new Map<string, Known[]>();
  const byBand = new Map<string, Known[]>();
  const push = (map: Map<string, Known[]>, key: string, item: Known) => {
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  };
  const index = (item: Known) => {
    if (item.canonicalUrl) push(byUrl, item.canonicalUrl, item);
    if (item.simhash) for (const band of bands(item.simhash)) push(byBand, band, item);
  };
  for (const item of known) index(item);

  for (const item of fresh) {
    let match: Known | undefined = item.canonicalUrl ? byUrl.get(item.canonicalUrl)?.[0] : undefined;
    if (!match && item.simhash) {
      for (const band of bands(item.simhash)) {
        match = byBand
          .get(band)
          ?.find((k) => k.sourceId !== item.sourceId && k.simhash && hamming(k.simhash, item.simhash!) <= MAX_DISTANCE);
        if (match) break;
      }
    }
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
    index(self);
  }
}
