import { type Db, type Executor, soleWriter } from '../../db/connect.ts';
import {
  createCluster,
  findItemCluster,
  findItemsByCanonicalUrl,
  findRecentStoryRows,
  findStoryRowsAfter,
  growCluster,
  type StoryRow,
  setItemCluster,
} from '../../db/repos/clusters.ts';
import { SAME_STORY } from '../../domain/near-duplicate.ts';

/** Items newer than this are compared for the same story. */
const WINDOW_MS = 3 * 86_400_000;
/** Words more frequent than this among recent titles are not used to find candidates. */
const MAX_POSTINGS = 100;
/** A user's in-memory story index is rebuilt from the database this often (drops old items). */
const REBUILD_MS = 10 * 60_000;

export interface Clusterable {
  id: number;
  sourceId: number;
  canonicalUrl: string | null;
  titleKey: string | null;
}

interface Known extends Clusterable {
  clusterId: number | null;
}

const known = (r: StoryRow): Known => ({
  id: r.id,
  sourceId: r.source_id,
  canonicalUrl: r.canonical_url,
  titleKey: r.title_key,
  clusterId: r.cluster_id,
});

interface UserStories {
  index: StoryIndex;
  maxId: number;
  builtAt: number;
}

/**
 * Per-user indexes of recent titles, kept in memory between ingests so that a single push does
 * not reload three days of titles: each ingest only reads the rows added since (by id, so items
 * stored by other processes are seen too), and the index is rebuilt every 10 minutes.
 */
export class StoryCache {
  private readonly users = new Map<number, UserStories>();

  /** Forgets a user's index (after a rolled-back ingest, whose changes it may hold). */
  forget(userId: number): void {
    this.users.delete(userId);
  }

  async load(
    db: Executor,
    userId: number,
    now: number,
    /** Rows of the running transaction: skipped here, indexed by `remember` after commit. */
    exclude: ReadonlySet<number>,
  ): Promise<UserStories> {
    let entry = this.users.get(userId);
    const rebuild = !entry || now - entry.builtAt > REBUILD_MS;
    const rows = rebuild
      ? await findRecentStoryRows(db, userId, now - WINDOW_MS)
      : await findStoryRowsAfter(db, userId, entry!.maxId);
    if (rebuild || !entry) {
      entry = { index: new StoryIndex(), maxId: 0, builtAt: now };
      this.users.set(userId, entry);
    }
    for (const row of rows) {
      if (row.id > entry.maxId) entry.maxId = row.id;
      if (!exclude.has(row.id)) entry.index.add(known(row));
    }
    return entry;
  }
}

/** What one ingest transaction tells the clustering of each of its chunks. */
export interface ClusterContext {
  /** Ids of every item the transaction inserted so far (this chunk's included). */
  ours: ReadonlySet<number>;
  /**
   * The story index as loaded by the transaction's first chunk. On SQLite the transaction is
   * the only writer, so rows added since are its own: later chunks need not read them again.
   */
  stories?: UserStories | null;
}

/**
 * The canonical URL an item joins a story by: none for a site's front page, which feeds that
 * give every item the same home link would otherwise make one story of the whole feed.
 */
function storyUrl(canonical: string | null): string | null {
  return canonical && !/^https:\/\/[^/?#]+$/.test(canonical) ? canonical : null;
}

/**
 * Puts new items into clusters with the user's items that carry the same story: the same
 * canonical URL (any source, any time; fragments that tell a blog's posts apart are part of
 * it, see canonical-url.ts), or a title with mostly the same words (Jaccard ≥ 0.6, another
 * source, within 3 days, same numbers). Untitled items have no title key, so within one
 * source only equal URLs join. Runs inside the ingest transaction; returns
 * what to do once it committed (remember the new items), and the caller must `forget` the user
 * in `stories` if the transaction fails.
 */
export async function assignClusters(
  db: Db,
  trx: Executor,
  stories: StoryCache,
  userId: number,
  fresh: readonly Clusterable[],
  now: number,
  context: ClusterContext = { ours: new Set(fresh.map((f) => f.id)) },
): Promise<() => void> {
  if (fresh.length === 0) return () => {};
  const freshIds = new Set(fresh.map((f) => f.id));
  const byUrl = new Map<string, Known>();
  const urls = [...new Set(fresh.map((f) => storyUrl(f.canonicalUrl)).filter((u) => u !== null))];
  for (const row of await findItemsByCanonicalUrl(db, trx, userId, urls))
    if (!freshIds.has(row.id) && !byUrl.has(row.canonical_url!))
      byUrl.set(row.canonical_url!, known(row));
  let entry = context.stories ?? null;
  if (!entry && fresh.some((f) => f.titleKey)) {
    entry = await stories.load(trx, userId, now, context.ours);
    if (soleWriter(db)) context.stories = entry;
  }
  // Titles only match across sources: a batch of one source (every ingest) needs no title
  // index of its own, only its URLs.
  const batch = fresh.every((f) => f.sourceId === fresh[0]!.sourceId) ? null : new StoryIndex();
  const batchUrls = new Map<string, Known>();
  const added: Known[] = [];

  for (const item of fresh) {
    const url = storyUrl(item.canonicalUrl);
    const match: Match | undefined =
      (url ? (byUrl.get(url) ?? batchUrls.get(url)) : undefined) ??
      best(entry?.index.findTitle(item), batch?.findTitle(item));
    const self: Known = { ...item, clusterId: null };
    if (match) {
      // The index may be stale (another item or process clustered it since): ask the row.
      if (match.clusterId === null) match.clusterId = await findItemCluster(trx, match.id);
      if (match.clusterId === null)
        match.clusterId = await createCluster(trx, userId, match.id, now);
      else await growCluster(trx, match.clusterId);
      self.clusterId = match.clusterId;
      await setItemCluster(trx, item.id, match.clusterId);
    }
    if (url && !batchUrls.has(url)) batchUrls.set(url, self);
    batch?.add(self);
    added.push(self);
  }
  return () => {
    if (!entry) return;
    for (const item of added) {
      if (!item.titleKey) continue;
      entry.index.add(item);
      if (item.id > entry.maxId) entry.maxId = item.id;
    }
  };
}

/** What a new item joins: an item of the story, and its cluster once known. */
type Match = { id: number; clusterId: number | null };

function best(...found: ({ item: Match; score: number } | undefined)[]): Match | undefined {
  let winner: { item: Match; score: number } | undefined;
  for (const f of found) if (f && (!winner || f.score > winner.score)) winner = f;
  return winner?.item;
}

/** An item the index found: its row, with the cluster written back to the index when set. */
class IndexedItem implements Match {
  constructor(
    private readonly index: StoryIndex,
    private readonly slot: number,
  ) {}
  get id(): number {
    return this.index.idOf(this.slot);
  }
  get clusterId(): number | null {
    return this.index.clusterOf(this.slot);
  }
  set clusterId(value: number | null) {
    this.index.setCluster(this.slot, value);
  }
}

/** A typed array with room for at least `size` elements (grown by half, contents kept). */
function room<T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(
  array: T,
  size: number,
): T {
  if (size <= array.length) return array;
  const grown = new (array.constructor as new (length: number) => T)(
    Math.max(size, Math.ceil(array.length * 1.5)),
  );
  grown.set(array);
  return grown;
}

/**
 * Known items by title word, to find a story's other items quickly. Sized for the 200,000
 * titles of a 10,000-feed first fetch: an item is one row of typed columns whose title is a
 * run of word numbers in one shared pool (about 80 bytes an item, where an object with its
 * array of words took 230), common words keep no lists, and each word is held once.
 */
class StoryIndex {
  /** Each word of recent titles and its number, which indexes the word columns below. */
  private readonly vocabulary = new Map<string, number>();
  /** Recent titles with the word. */
  private counts = new Uint32Array(1024);
  /** 1 when the word holds a digit: numbers tell stories apart. */
  private numeric = new Uint8Array(1024);
  /**
   * The items with the word while it is rare enough to look candidates up by (one item
   * alone, as most words are; `null` once used MAX_POSTINGS + 1 times: such a word is never
   * looked up again before the index is rebuilt, since its count only grows).
   */
  private readonly postings: (number | number[] | null)[] = [];

  /** Item columns, by slot. `clusters` holds NaN for an item without a cluster. */
  private ids = new Float64Array(1024);
  private sources = new Float64Array(1024);
  private clusters = new Float64Array(1024);
  /** The item in slot s has the words `pool[starts[s]]` up to `pool[starts[s + 1]]`. */
  private starts = new Uint32Array(1025);
  private pool = new Int32Array(8192);
  private size = 0;

  idOf(slot: number): number {
    return this.ids[slot]!;
  }
  clusterOf(slot: number): number | null {
    const cluster = this.clusters[slot]!;
    return Number.isNaN(cluster) ? null : cluster;
  }
  setCluster(slot: number, cluster: number | null): void {
    this.clusters[slot] = cluster ?? Number.NaN;
  }

  add(item: Known): void {
    if (!item.titleKey) return;
    const words = item.titleKey.split(' ');
    const slot = this.size++;
    this.ids = room(this.ids, this.size);
    this.sources = room(this.sources, this.size);
    this.clusters = room(this.clusters, this.size);
    this.starts = room(this.starts, this.size + 1);
    const start = this.starts[slot]!;
    this.pool = room(this.pool, start + words.length);
    this.ids[slot] = item.id;
    this.sources[slot] = item.sourceId;
    this.clusters[slot] = item.clusterId ?? Number.NaN;
    for (let k = 0; k < words.length; k++) {
      const raw = words[k]!;
      let word = this.vocabulary.get(raw);
      if (word === undefined) {
        word = this.vocabulary.size;
        this.vocabulary.set(raw, word);
        this.counts = room(this.counts, word + 1);
        this.numeric = room(this.numeric, word + 1);
        this.numeric[word] = hasDigit(raw) ? 1 : 0;
        this.postings.push(null);
      }
      this.pool[start + k] = word;
      const count = ++this.counts[word]!;
      const postings = this.postings[word]!;
      if (count > MAX_POSTINGS) this.postings[word] = null;
      else if (count === 1) this.postings[word] = slot;
      else if (Array.isArray(postings)) postings.push(slot);
      else if (postings !== null) this.postings[word] = [postings, slot];
    }
    this.starts[slot + 1] = start + words.length;
  }

  /** The most similar title from another source at or above the threshold. */
  findTitle(item: Clusterable): { item: Match; score: number } | undefined {
    if (!item.titleKey || this.size === 0) return undefined;
    const words = item.titleKey.split(' ');
    const ownSize = new Set(words).size;
    // Each word's number, looked up once (-1: a word no recent title has), and its numbers.
    const ids = words.map((raw) => this.vocabulary.get(raw) ?? -1);
    const own = new Set(ids.filter((word) => word >= 0));
    const numbers = ids.filter((_, k) => hasDigit(words[k]!));
    const countOf = (word: number) => (word < 0 ? 0 : this.counts[word]!);
    // Two titles with Jaccard ≥ 0.6 share more than 40 % of the shorter one's words, so some
    // shared word is among this title's rarest 40 % + 1: look up candidates by those only.
    const rare = ids
      .sort((a, b) => countOf(a) - countOf(b))
      .slice(0, Math.ceil(words.length * (1 - SAME_STORY)) + 1);
    const seen = new Set<number>();
    let best = -1;
    let bestScore = 0;
    for (const word of rare) {
      // A word in many recent titles keeps no list: it says nothing about the story.
      const postings = word < 0 ? null : this.postings[word]!;
      if (postings === null) continue;
      for (const slot of Array.isArray(postings) ? postings : [postings]) {
        if (this.sources[slot] === item.sourceId || seen.has(slot)) continue;
        seen.add(slot);
        // Numbers tell stories apart ("Part 2", "Q3", "iOS 18"): titles whose numbers differ are not one story.
        if (numbers.length > 0 && !this.sameNumbers(slot, numbers)) continue;
        const from = this.starts[slot]!;
        const to = this.starts[slot + 1]!;
        let shared = 0;
        for (let w = from; w < to; w++) if (own.has(this.pool[w]!)) shared++;
        const score = shared / (ownSize + (to - from) - shared);
        if (score >= SAME_STORY && (best < 0 || score > bestScore)) {
          best = slot;
          bestScore = score;
        }
      }
    }
    return best < 0 ? undefined : { item: new IndexedItem(this, best), score: bestScore };
  }

  /** Whether the item in `slot` has no numbers, or the same numbers in the same order. */
  private sameNumbers(slot: number, numbers: readonly number[]): boolean {
    let n = 0;
    for (let w = this.starts[slot]!; w < this.starts[slot + 1]!; w++) {
      const word = this.pool[w]!;
      if (!this.numeric[word]) continue;
      if (n >= numbers.length || numbers[n] !== word) return false;
      n++;
    }
    return n === 0 || n === numbers.length;
  }
}

/** Whether a title word holds a digit (a number, or a word like "m5" or "q3"). */
function hasDigit(word: string): boolean {
  const c = word.charCodeAt(0);
  return (c >= 48 && c <= 57) || /\d/.test(word);
}
