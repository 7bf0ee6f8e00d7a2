import type { Executor } from '../connect.ts';

/**
 * Tags one of the user's items; a tag it already has stays as it is.
 *
 * @example await tagItem(trx, { itemId: 42, userId: user.id, tag: 'rust' })
 */
export async function tagItem(
  db: Executor,
  tag: { itemId: number; userId: number; tag: string },
): Promise<void> {
  await db
    .insertInto('item_tags')
    .values({ item_id: tag.itemId, user_id: tag.userId, tag: tag.tag })
    .onConflict((oc) => oc.columns(['item_id', 'tag']).doNothing())
    .execute();
}
