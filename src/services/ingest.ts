import type { ItemDraft } from '../domain/types.ts';
import { wouldPush } from '../domain/would-push.ts';
import { type Executor, transaction } from '../db/connect.ts';
import { findStoredHashes, insertItems, updateItemContent } from '../db/repos/items.ts';
import type { NewItem, SourceRow, SourceUpdate } from '../db/schema.ts';
import { draftHash, type PreparedItem, prepareDraft } from '../pipeline/prepare.ts';
import type { App } from './app.ts';
import { type Breakthrough, deliverBreakthroughs } from './breakthroughs.ts';
import { assignClusters } from './clusters.ts';
import { type LedgerEvent, recordEvents } from './ledger.ts';
import { type ActiveRule, activeRules, matching, ruleSubject } from './rules.ts';
import { indexItems } from './search.ts';

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

const HOUR = 3_600_000;

/**
 * Stores what a source brought: idempotent (unique source + external id), and the source's
 * fetch state (ETag, cursors) commits in the same transaction as its items, so a crash at any
 * point either keeps both or neither — the next fetch then brings the items again.
 * Unchanged items are recognised by hash before any sanitising. New items are clustered,
 * run through the user's rules (mute, tag, breakthrough) and counted in the ledger; a
 * breakthrough is delivered only after the commit.
 */
export async function ingestDrafts(
  app: App,
  source: SourceRow,
  drafts: readonly ItemDraft[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const unique = new Map<string, ItemDraft>();
  for (const draft of drafts) if (!unique.has(draft.externalId)) unique.set(draft.externalId, draft);

  const stored = await findStoredHashes(app.db.kysely, source.id, [...unique.keys()]);
  const fresh: PreparedItem[] = [];
  const changed: { id: number; item: PreparedItem }[] = [];
  let unchanged = 0;
  for (const [externalId, draft] of unique) {
    const hash = draftHash(draft);
    const existing = stored.get(externalId);
    if (existing?.hash === hash) unchanged++;
    else if (existing) changed.push({ id: existing.id, item: prepareDraft(draft, hash) });
    else fresh.push(prepareDraft(draft, hash));
  }

  const now = app.clock.now().getTime();
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
    title_key: item.titleKey,
    reading_seconds: item.readingSeconds,
  }));

  const { result, breakthroughs } = await transaction(app.db, async (trx) => {
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
        ...(item.publishedAt ? { published_at: item.publishedAt.getTime(), published_guessed: 0 } : {}),
      });
    }
    if (options.sourcePatch) {
      await trx.updateTable('sources').set(options.sourcePatch).where('id', '=', source.id).execute();
    }
    const byExternal = new Map(rows.map((row, i) => [row.external_id, { row, item: fresh[i]! }]));
    const news = inserted.map((r) => ({ id: r.id, ...byExternal.get(r.external_id)! }));
    await indexItems(trx, app.db.dialect, news.map((n) => ({ id: n.id, title: n.item.title, text: n.item.text })));
    await indexItems(trx, app.db.dialect, changed.map((c) => ({ id: c.id, title: c.item.title, text: c.item.text })), true);
    await assignClusters(
      trx,
      source.user_id,
      news.map((n) => ({ id: n.id, sourceId: source.id, canonicalUrl: n.item.canonicalUrl, titleKey: n.item.titleKey })),
      now,
    );
    const decided = await applyRules(trx, source, news, now);
    const pushes = news.filter((n) => n.row.would_push === 1).length;
    if (news.length) {
      await recordEvents(trx, [
        { userId: source.user_id, at: now, type: 'held', count: news.length, data: { wouldPush: pushes, sourceId: source.id } },
      ]);
    }
    return {
      result: {
        inserted: inserted.map((row) => row.id),
        updated: changed.length,
        unchanged: unchanged + (rows.length - inserted.length),
        breakthroughs: decided.length,
      },
      breakthroughs: decided,
    };
  });
  if (breakthroughs.length) await deliverBreakthroughs(app, source.user_id, breakthroughs);
  return result;
}

/**
 * Runs the user's rules over new items inside the ingest transaction: mute dismisses, tag
 * tags, breakthrough is decided against the rule's hourly cap (later matches are held and
 * counted as such). Boost and lower act at ranking time.
 */
async function applyRules(
  trx: Executor,
  source: SourceRow,
  news: { id: number; row: NewItem; item: PreparedItem }[],
  now: number,
): Promise<Breakthrough[]> {
  if (news.length === 0) return [];
  const rules = await activeRules(trx, source.user_id);
  const acting = rules.filter((r) => r.spec.action === 'mute' || r.spec.action === 'tag' || r.spec.action === 'breakthrough');
  if (acting.length === 0) return [];
  const sentThisHour = new Map<number, number>();
  const breakthroughs: Breakthrough[] = [];
  const events: LedgerEvent[] = [];
  for (const n of news) {
    const subject = ruleSubject(
      { ...n.row, content_html: n.row.content_html ?? null, url: n.row.url ?? null, author: n.row.author ?? null, title: n.row.title ?? null, priority: n.item.priority },
      { id: source.id, name: source.name, kind: source.kind },
    );
    const hits = matching(acting, subject);
    let muted = false;
    for (const rule of hits) {
      if (rule.spec.action === 'mute' && !muted) {
        muted = true;
        await trx.updateTable('items').set({ dismissed_at: now }).where('id', '=', n.id).execute();
      } else if (rule.spec.action === 'tag' && rule.spec.tag) {
        await trx
          .insertInto('item_tags')
          .values({ item_id: n.id, user_id: source.user_id, tag: rule.spec.tag })
          .onConflict((oc) => oc.columns(['item_id', 'tag']).doNothing())
          .execute();
      }
    }
    const breaking = hits.find((r) => r.spec.action === 'breakthrough');
    if (!breaking || muted) continue;
    const sent = sentThisHour.get(breaking.id) ?? (await countRecentBreakthroughs(trx, breaking, now));
    if (sent < breaking.spec.perHour) {
      sentThisHour.set(breaking.id, sent + 1);
      breakthroughs.push({ itemId: n.id, rule: breaking, title: n.item.title, summary: n.item.summary, url: n.item.url, priority: n.item.priority, sourceName: source.name });
    } else {
      sentThisHour.set(breaking.id, sent);
      events.push({ userId: source.user_id, at: now, type: 'breakthrough.held', itemId: n.id, ruleId: breaking.id, data: { reason: `over ${breaking.spec.perHour} per hour` } });
    }
  }
  await recordEvents(trx, events);
  return breakthroughs;
}

async function countRecentBreakthroughs(trx: Executor, rule: ActiveRule, now: number): Promise<number> {
  const row = await trx
    .selectFrom('ledger_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('rule_id', '=', rule.id)
    .where('type', 'in', ['breakthrough', 'breakthrough.failed'])
    .where('at', '>', now - HOUR)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
