import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../connect.ts';
import type { Database, RuleRow } from '../schema.ts';

/** Rules: every query is scoped to its user, so another user's id finds nothing. */
export async function insertRule(
  db: Executor,
  rule: Insertable<Database['rules']>,
): Promise<RuleRow> {
  return await db.insertInto('rules').values(rule).returningAll().executeTakeFirstOrThrow();
}

/** The user's rules in creation order; `enabledOnly` for the ones that apply. */
export async function listRules(
  db: Executor,
  userId: number,
  enabledOnly = false,
): Promise<RuleRow[]> {
  let query = db.selectFrom('rules').selectAll().where('user_id', '=', userId);
  if (enabledOnly) query = query.where('enabled', '=', 1);
  return await query.orderBy('id').execute();
}

export async function findRule(
  db: Executor,
  userId: number,
  id: number,
): Promise<RuleRow | undefined> {
  return await db
    .selectFrom('rules')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateRule(
  db: Executor,
  userId: number,
  id: number,
  patch: Updateable<Database['rules']>,
): Promise<void> {
  await db
    .updateTable('rules')
    .set(patch)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .execute();
}

/** Deletes one rule; true when there was one. */
export async function deleteRule(db: Executor, userId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('rules')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** What a rule preview looks at of one item and its source. */
export interface RulePreviewRow {
  id: number;
  kind: string;
  author: string | null;
  title: string | null;
  content_html: string | null;
  summary: string | null;
  url: string | null;
  priority: number;
  received_at: number;
  source_id: number;
  source_name: string;
  source_kind: string;
}

function previewSelect(db: Executor, userId: number) {
  return db
    .selectFrom('items')
    .innerJoin('sources', 'sources.id', 'items.source_id')
    .select([
      'items.id',
      'items.kind',
      'items.author',
      'items.title',
      'items.content_html',
      'items.summary',
      'items.url',
      'items.priority',
      'items.received_at',
      'sources.id as source_id',
      'sources.name as source_name',
      'sources.kind as source_kind',
    ])
    .where('items.user_id', '=', userId);
}

/** The user's items received since `since`, in order of arrival, with their sources. */
export async function itemsForRulePreview(
  db: Executor,
  userId: number,
  since: number,
): Promise<RulePreviewRow[]> {
  return await previewSelect(db, userId)
    .where('items.received_at', '>=', since)
    .orderBy('items.received_at')
    .orderBy('items.id')
    .execute();
}

/**
 * The user's held items (in no finished checkpoint, not read, not dismissed: what the next
 * checkpoint chooses from), newest first, with their sources.
 */
export async function heldItemsForRules(db: Executor, userId: number): Promise<RulePreviewRow[]> {
  return await previewSelect(db, userId)
    .where('items.seen_checkpoint_id', 'is', null)
    .where('items.read_at', 'is', null)
    .where('items.dismissed_at', 'is', null)
    .orderBy('items.received_at', 'desc')
    .orderBy('items.id', 'desc')
    .execute();
}
