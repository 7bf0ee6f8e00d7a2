import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import type { Executor } from '../db/connect.ts';
import { SAME_STORY } from '../domain/near-duplicate.ts';

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

type Row = {
  id: number;
  source_id: number;
  canonical_url: string | null;
  title_key: string | null;
  cluster_id: number | null;
};
const COLUMNS = ['id', 'source_id', 'canonical_url', 'title_key', 'cluster_id'] as const;
const known = (r: Row): Known => ({
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
    const base = db.selectFrom('items').select(COLUMNS).where('title_key', 'is not', null);
    const query = rebuild
      ? base.where('user_id', '=', userId).where('received_at', '>=', now - WINDOW_MS)
      : // `+user_id` keeps the planner on the primary key range (the rows added since), not
        // on a user index that would scan all of the user's items every time.
        base.where(sql<number>`+user_id`, '=', userId).where('id', '>', entry!.maxId);
    const rows = await query.execute();
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
  /** The raw SQLite connection for the hot lookups (null on PostgreSQL). */
  sqlite: SqliteDatabase.Database | null;
  /**
   * The story index as loaded by the transaction's first chunk. On SQLite the transaction is
   * the only writer, so rows added since are its own: later chunks need not read them again.
   */
  stories?: UserStories | null;
}

const urlLookups = new WeakMap<SqliteDatabase.Database, SqliteDatabase.Statement>();

/**
 * Puts new items into clusters with the user's items that carry the same story: the same
 * canonical URL (any source, any time), or a title with mostly the same words (Jaccard ≥ 0.6,
 * another source, within 3 days, same numbers). Runs inside the ingest transaction; returns
 * what to do once it committed (remember the new items), and the caller must `forget` the user
 * in `stories` if the transaction fails.
 */
export async function assignClusters(
  db: Executor,
  stories: StoryCache,
  userId: number,
  fresh: readonly Clusterable[],
  now: number,
  context: ClusterContext = { ours: new Set(fresh.map((f) => f.id)), sqlite: null },
): Promise<() => void> {
  if (fresh.length === 0) return () => {};
  const freshIds = new Set(fresh.map((f) => f.id));
  const byUrl = new Map<string, Known>();
  const urls = [...new Set(fresh.map((f) => f.canonicalUrl).filter((u): u is string => !!u))];
  if (context.sqlite) {
    // One prepared lookup per URL on the raw connection: cheaper than building IN lists.
    let statement = urlLookups.get(context.sqlite);
    if (!statement) {
      statement = context.sqlite.prepare(
        `select ${COLUMNS.join(', ')} from items where user_id = ? and canonical_url = ?`,
      );
      urlLookups.set(context.sqlite, statement);
    }
    for (const url of urls) {
      for (const row of statement.all(userId, url) as Row[]) {
        if (!freshIds.has(row.id)) {
          byUrl.set(url, known(row));
          break;
        }
      }
    }
  }
  for (let i = 0; !context.sqlite && i < urls.length; i += 400) {
    const rows = await db
      .selectFrom('items')
      .select(COLUMNS)
      .where('user_id', '=', userId)
      .where('canonical_url', 'in', urls.slice(i, i + 400))
      .execute();
    for (const row of rows)
      if (!freshIds.has(row.id) && !byUrl.has(row.canonical_url!))
        byUrl.set(row.canonical_url!, known(row));
  }
  let entry = context.stories ?? null;
  if (!entry && fresh.some((f) => f.titleKey)) {
    entry = await stories.load(db, userId, now, context.ours);
    if (context.sqlite) context.stories = entry;
  }
  // Titles only match across sources: a batch of one source (every ingest) needs no title
  // index of its own, only its URLs.
  const batch = fresh.every((f) => f.sourceId === fresh[0]!.sourceId) ? null : new StoryIndex();
  const batchUrls = new Map<string, Known>();
  const added: Known[] = [];

  for (const item of fresh) {
    const match: Match | undefined =
      (item.canonicalUrl
        ? (byUrl.get(item.canonicalUrl) ?? batchUrls.get(item.canonicalUrl))
        : undefined) ?? best(entry?.index.findTitle(item), batch?.findTitle(item));
    const self: Known = { ...item, clusterId: null };
    if (match) {
      // The index may be stale (another item or process clustered it since): ask the row.
      if (match.clusterId === null) {
        const row = await db
          .selectFrom('items')
          .select('cluster_id')
          .where('id', '=', match.id)
          .executeTakeFirst();
        match.clusterId = row?.cluster_id ?? null;
      }
      if (match.clusterId === null) {
        const cluster = await db
          .insertInto('clusters')
          .values({ user_id: userId, representative_id: match.id, size: 2, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        match.clusterId = cluster.id;
        await db
          .updateTable('items')
          .set({ cluster_id: cluster.id })
          .where('id', '=', match.id)
          .execute();
      } else {
        await db
          .updateTable('clusters')
          .set((eb) => ({ size: eb('size', '+', 1) }))
          .where('id', '=', match.clusterId)
          .execute();
      }
      self.clusterId = match.clusterId;
      await db
        .updateTable('items')
        .set({ cluster_id: match.clusterId })
        .where('id', '=', item.id)
        .execute();
    }
    if (self.canonicalUrl && !batchUrls.has(self.canonicalUrl))
      batchUrls.set(self.canonicalUrl, self);
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

/** An indexed item: one class, so that a quarter of a million of them share one shape. */
class StoryEntry {
  constructor(
    readonly id: number,
    readonly sourceId: number,
    public clusterId: number | null,
    /** The title's words, each the one string the index holds for it. */
    readonly words: readonly string[],
    /** The title's numbers, joined ('' when it has none). */
    readonly numbers: string,
  ) {}
}

/** What the index knows of a word of recent titles. */
interface WordStat {
  /** The word: the one copy that every entry's `words` refers to. */
  word: string;
  /** Recent titles with the word. */
  count: number;
  /**
   * The entries with the word while it is rare enough to look candidates up by (one entry
   * alone, as most words are; `null` once used MAX_POSTINGS + 1 times: such a word is never
   * looked up again before the index is rebuilt, since its count only grows).
   */
  postings: StoryEntry | StoryEntry[] | null;
}

/**
 * Known items by title word, to find a story's other items quickly. Sized for the 200,000
 * titles of a 10,000-feed first fetch: common words keep no lists, words are held once, and
 * an item is one small object (bench/RESULTS.md, "Refresh 10,000").
 */
class StoryIndex {
  private readonly vocabulary = new Map<string, WordStat>();
  private size = 0;

  add(item: Known): void {
    if (!item.titleKey) return;
    // split's array has exactly the length needed (one pushed to grows to 17 slots or more).
    const words = item.titleKey.split(' ');
    const stats = new Array<WordStat>(words.length);
    for (let k = 0; k < words.length; k++) {
      const raw = words[k]!;
      let stat = this.vocabulary.get(raw);
      if (!stat) {
        stat = { word: raw, count: 0, postings: null };
        this.vocabulary.set(raw, stat);
      }
      stats[k] = stat;
      words[k] = stat.word;
    }
    const entry = new StoryEntry(item.id, item.sourceId, item.clusterId, words, numbersOf(words));
    this.size++;
    for (const stat of stats) {
      stat.count++;
      if (stat.count > MAX_POSTINGS) stat.postings = null;
      else if (stat.count === 1) stat.postings = entry;
      else if (Array.isArray(stat.postings)) stat.postings.push(entry);
      else if (stat.postings) stat.postings = [stat.postings, entry];
    }
  }

  /** The most similar title from another source at or above the threshold. */
  findTitle(item: Clusterable): { item: StoryEntry; score: number } | undefined {
    if (!item.titleKey || this.size === 0) return undefined;
    const words = item.titleKey.split(' ');
    const own = new Set(words);
    const numbers = numbersOf(words);
    const countOf = (word: string) => this.vocabulary.get(word)?.count ?? 0;
    // Two titles with Jaccard ≥ 0.6 share more than 40 % of the shorter one's words, so some
    // shared word is among this title's rarest 40 % + 1: look up candidates by those only.
    const rare = [...words]
      .sort((a, b) => countOf(a) - countOf(b))
      .slice(0, Math.ceil(words.length * (1 - SAME_STORY)) + 1)
      // A word in many recent titles says nothing about the story (and would cost a scan).
      .filter((word) => countOf(word) <= MAX_POSTINGS);
    const seen = new Set<StoryEntry>();
    let found: { item: StoryEntry; score: number } | undefined;
    for (const word of rare) {
      const postings = this.vocabulary.get(word)?.postings ?? [];
      for (const candidate of Array.isArray(postings) ? postings : [postings]) {
        if (candidate.sourceId === item.sourceId || seen.has(candidate)) continue;
        seen.add(candidate);
        // Numbers tell stories apart ("Part 2", "Q3", "iOS 18"): titles whose numbers differ are not one story.
        const other = candidate.numbers;
        if (numbers !== '' && other !== '' && numbers !== other) continue;
        let shared = 0;
        for (const w of candidate.words) if (own.has(w)) shared++;
        const score = shared / (own.size + candidate.words.length - shared);
        if (score >= SAME_STORY && (!found || score > found.score))
          found = { item: candidate, score };
      }
    }
    return found;
  }
}

/** The numbers of a title key's words, joined ('' when it has none). */
function numbersOf(words: readonly string[]): string {
  let out = '';
  for (const w of words) {
    const c = w.charCodeAt(0);
    if ((c >= 48 && c <= 57) || /\d/.test(w)) out += out ? ` ${w}` : w;
  }
  return out;
}
