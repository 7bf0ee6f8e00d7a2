import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../connect.ts';
import type { Database } from '../schema.ts';

export type PushSubscriptionRow = Selectable<Database['push_subscriptions']>;
export type NewPushSubscription = Insertable<Database['push_subscriptions']>;

/** Stores a browser's subscription; the same endpoint again updates it (and its user). */
export async function upsertPushSubscription(
  db: Executor,
  subscription: NewPushSubscription,
): Promise<void> {
  await db
    .insertInto('push_subscriptions')
    .values(subscription)
    .onConflict((oc) =>
      oc.column('endpoint').doUpdateSet({
        user_id: subscription.user_id,
        p256dh: subscription.p256dh,
        auth: subscription.auth,
        user_agent: subscription.user_agent,
      }),
    )
    .execute();
}

/** The user's subscriptions, every browser that asked for notices. */
export async function listPushSubscriptions(
  db: Executor,
  userId: number,
): Promise<PushSubscriptionRow[]> {
  return await db
    .selectFrom('push_subscriptions')
    .selectAll()
    .where('user_id', '=', userId)
    .execute();
}

/** Forgets the user's subscription of one endpoint; true when there was one. */
export async function deletePushSubscription(
  db: Executor,
  userId: number,
  endpoint: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('push_subscriptions')
    .where('user_id', '=', userId)
    .where('endpoint', '=', endpoint)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Forgets one subscription by id (the push service said it is gone). */
export async function deletePushSubscriptionById(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('id', '=', id).execute();
}
