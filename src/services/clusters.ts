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
    const match =
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

function best(...found: ({ item: Known; score: number } | undefined)[]): Known | undefined {
  let winner: { item: Known; score: number } | undefined;
  for (const f of found) if (f && (!winner || f.score > winner.score)) winner = f;
  return winner?.item;
}

/** Known items by title word, to find a story's other items quickly. */
class StoryIndex {
  /** word → source id → items of that source with the word in their title. */
  private readonly byWord = new Map<string, Map<number, Known[]>>();
  private readonly frequency = new Map<string, number>();
  /** The title words of each indexed item (split once). */
  private readonly words = new Map<Known, string[]>();

  add(item: Known): void {
    if (!item.titleKey) return;
    const words = item.titleKey.split(' ');
    this.words.set(item, words);
    for (const word of words) {
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

  /** The most similar title from another source at or above the threshold. */
  findTitle(item: Clusterable): { item: Known; score: number } | undefined {
    if (!item.titleKey || this.words.size === 0) return undefined;
    const words = item.titleKey.split(' ');
    const own = new Set(words);
    const numbers = numbersOf(words);
    // Two titles with Jaccard ≥ 0.6 share more than 40 % of the shorter one's words, so some
    // shared word is among this title's rarest 40 % + 1: look up candidates by those only.
    const rare = [...words]
      .sort((a, b) => (this.frequency.get(a) ?? 0) - (this.frequency.get(b) ?? 0))
      .slice(0, Math.ceil(words.length * (1 - SAME_STORY)) + 1)
      // A word in many recent titles says nothing about the story (and would cost a scan).
      .filter((word) => (this.frequency.get(word) ?? 0) <= MAX_POSTINGS);
    const seen = new Set<Known>();
    let found: { item: Known; score: number } | undefined;
    for (const word of rare) {
      for (const [sourceId, list] of this.byWord.get(word) ?? []) {
        if (sourceId === item.sourceId) continue;
        for (const candidate of list) {
          if (seen.has(candidate)) continue;
          seen.add(candidate);
          const theirs = this.words.get(candidate)!;
          // Numbers tell stories apart ("Part 2", "Q3", "iOS 18"): titles whose numbers differ are not one story.
          const other = numbersOf(theirs);
          if (numbers !== '' && other !== '' && numbers !== other) continue;
          let shared = 0;
          for (const w of theirs) if (own.has(w)) shared++;
          const score = shared / (own.size + theirs.length - shared);
          if (score >= SAME_STORY && (!found || score > found.score))
            found = { item: candidate, score };
        }
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
