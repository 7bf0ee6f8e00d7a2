import type { Insertable } from 'kysely';
import type { Executor } from '../connect.ts';
import type { Database, RuleChangeRow } from '../schema.ts';

/** Ids per `in (…)` list: well below SQLite's and PostgreSQL's bound-parameter limits. */
const IDS_PER_STATEMENT = 400;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += IDS_PER_STATEMENT)
    out.push(list.slice(i, i + IDS_PER_STATEMENT));
  return out;
}

/** Records one save of a rule; returns its id. */
export async function insertRuleChange(
  db: Executor,
  change: Insertable<Database['rule_changes']>,
): Promise<number> {
  const row = await db
    .insertInto('rule_changes')
    .values(change)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The latest save of a rule: only that one can be undone (older ones were built upon). */
export async function latestRuleChange(
  db: Executor,
  userId: number,
  ruleId: number,
): Promise<RuleChangeRow | undefined> {
  return await db
    .selectFrom('rule_changes')
    .selectAll()
    .where('user_id', '=', userId)
    .where('rule_id', '=', ruleId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Marks a save undone; false when it already was (two undos race: one wins). */
export async function markRuleChangeUndone(db: Executor, id: number, at: number): Promise<boolean> {
  const result = await db
    .updateTable('rule_changes')
    .set({ undone_at: at })
    .where('id', '=', id)
    .where('undone_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Dismisses the user's items among `ids` that are not dismissed yet (a mute applied to held
 * items) and remembers each under the save `changeId`.
 */
export async function dismissForRuleChange(
  db: Executor,
  userId: number,
  changeId: number,
  ids: readonly number[],
  at: number,
): Promise<void> {
  for (const part of chunks(ids)) {
    const rows = await db
      .updateTable('items')
      .set({ dismissed_at: at })
      .where('user_id', '=', userId)
      .where('id', 'in', part)
      .where('dismissed_at', 'is', null)
      .returning('id')
      .execute();
    if (rows.length === 0) continue;
    await db
      .insertInto('rule_change_items')
      .values(rows.map((r) => ({ change_id: changeId, item_id: r.id, effect: 'dismissed', at })))
      .execute();
  }
}

/** Tags the user's items among `ids` that lack `tag`, and remembers each under `changeId`. */
export async function tagForRuleChange(
  db: Executor,
  userId: number,
  changeId: number,
  ids: readonly number[],
  tag: string,
  at: number,
): Promise<void> {
  for (const part of chunks(ids)) {
    const tagged = await db
      .selectFrom('item_tags')
      .select('item_id')
      .where('item_id', 'in', part)
      .where('tag', '=', tag)
      .execute();
    const has = new Set(tagged.map((r) => r.item_id));
    const fresh = part.filter((id) => !has.has(id));
    if (fresh.length === 0) continue;
    await db
      .insertInto('item_tags')
      .values(fresh.map((id) => ({ item_id: id, user_id: userId, tag })))
      .execute();
    await db
      .insertInto('rule_change_items')
      .values(fresh.map((id) => ({ change_id: changeId, item_id: id, effect: 'tagged', tag, at })))
      .execute();
  }
}

/**
 * Reverts what a save did to items: un-dismisses the ones it dismissed (unless the user
 * dismissed them again since: their stamp differs) and removes the tags it added.
 */
export async function revertRuleChangeItems(
  db: Executor,
  userId: number,
  changeId: number,
): Promise<number> {
  const rows = await db
    .selectFrom('rule_change_items')
    .select(['item_id', 'effect', 'tag', 'at'])
    .where('change_id', '=', changeId)
    .execute();
  // One save stamps every item it changed with one time and one tag: batch by those.
  const dismissed = rows.filter((r) => r.effect === 'dismissed');
  const tagged = rows.filter((r) => r.effect === 'tagged' && r.tag !== null);
  for (const part of chunks(dismissed)) {
    await db
      .updateTable('items')
      .set({ dismissed_at: null })
      .where('user_id', '=', userId)
      .where(
        'id',
        'in',
        part.map((r) => r.item_id),
      )
      .where('dismissed_at', '=', part[0]!.at)
      .execute();
  }
  for (const part of chunks(tagged)) {
    await db
      .deleteFrom('item_tags')
      .where('user_id', '=', userId)
      .where(
        'item_id',
        'in',
        part.map((r) => r.item_id),
      )
      .where('tag', '=', part[0]!.tag!)
      .execute();
  }
  return rows.length;
}
