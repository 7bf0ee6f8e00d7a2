import type { Db, Executor } from '../../db/connect.ts';
import { tagItem } from '../../db/repos/item-tags.ts';
import { setItemFlags } from '../../db/repos/items.ts';
import { countAllowedBreakthroughs } from '../../db/repos/rule-effects.ts';
import type { NewItem, SourceRow } from '../../db/schema.ts';
import type { PreparedItem } from '../../pipeline/prepare.ts';
import type { Breakthrough } from '../checkpoints/breakthroughs.ts';
import { type LedgerEvent, recordEvents } from '../checkpoints/ledger.ts';
import { type ActiveRule, activeRules, matching, ruleSubject } from '../checkpoints/rules.ts';

const HOUR = 3_600_000;

/** A new item of the ingest: its row id, its row and what preparing it gave. */
type IngestedItem = { id: number; row: NewItem; item: PreparedItem };

/** A new item as rules see it. */
function subjectOf(source: SourceRow, n: IngestedItem) {
  return ruleSubject(
    {
      ...n.row,
      content_html: n.row.content_html ?? null,
      url: n.row.url ?? null,
      author: n.row.author ?? null,
      title: n.row.title ?? null,
      priority: n.item.priority,
    },
    { id: source.id, name: source.name, kind: source.kind },
  );
}

/** What mute and tag rules among `hits` do to an item; true when it was muted. */
async function muteAndTag(
  trx: Executor,
  userId: number,
  itemId: number,
  hits: readonly ActiveRule[],
  now: number,
): Promise<boolean> {
  let muted = false;
  for (const rule of hits) {
    if (rule.spec.action === 'mute' && !muted) {
      muted = true;
      await setItemFlags(trx, userId, itemId, { dismissed: true }, now);
    } else if (rule.spec.action === 'tag' && rule.spec.tag) {
      await tagItem(trx, { itemId, userId, tag: rule.spec.tag });
    }
  }
  return muted;
}

/**
 * Runs the user's rules over new items inside the ingest transaction: mute dismisses, tag
 * tags, breakthrough is decided against the rule's hourly cap (later matches are held and
 * counted as such). Boost and lower act at ranking time.
 *
 * A breakthrough let through is reserved in this transaction (a `breakthrough.allowed`
 * ledger event) before it is delivered after the commit, so ingests running side by side —
 * sources of one fetch cycle, or several processes — count each other's and the cap holds.
 */
export async function applyRules(
  db: Db,
  trx: Executor,
  source: SourceRow,
  news: IngestedItem[],
  now: number,
): Promise<Breakthrough[]> {
  if (news.length === 0) return [];
  const rules = await activeRules(trx, source.user_id);
  const acting = rules.filter(
    (r) => r.spec.action === 'mute' || r.spec.action === 'tag' || r.spec.action === 'breakthrough',
  );
  if (acting.length === 0) return [];
  const sentThisHour = new Map<number, number>();
  const breakthroughs: Breakthrough[] = [];
  const events: LedgerEvent[] = [];
  for (const n of news) {
    const hits = matching(acting, subjectOf(source, n));
    const muted = await muteAndTag(trx, source.user_id, n.id, hits, now);
    const breaking = hits.find((r) => r.spec.action === 'breakthrough');
    if (!breaking || muted) continue;
    const sent =
      sentThisHour.get(breaking.id) ??
      (await countAllowedBreakthroughs(db, trx, breaking.id, now - HOUR));
    if (sent < breaking.spec.perHour) {
      sentThisHour.set(breaking.id, sent + 1);
      events.push({
        userId: source.user_id,
        at: now,
        type: 'breakthrough.allowed',
        itemId: n.id,
        ruleId: breaking.id,
      });
      breakthroughs.push({
        itemId: n.id,
        rule: breaking,
        title: n.item.title,
        summary: n.item.summary,
        url: n.item.url,
        priority: n.item.priority,
        sourceName: source.name,
      });
    } else {
      sentThisHour.set(breaking.id, sent);
      events.push({
        userId: source.user_id,
        at: now,
        type: 'breakthrough.held',
        itemId: n.id,
        ruleId: breaking.id,
        data: { reason: `over ${breaking.spec.perHour} per hour` },
      });
    }
  }
  await recordEvents(trx, events);
  return breakthroughs;
}
