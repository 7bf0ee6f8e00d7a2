import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../connect.ts';
import type { MastodonAppsTable } from '../schema.ts';

/** Checkpoint's app registration on one Mastodon instance, per redirect URI. */
export type MastodonAppRow = Selectable<MastodonAppsTable>;

/** The app registered on an instance for a redirect URI, if any. */
export async function findMastodonApp(
  db: Executor,
  instance: string,
  redirectUri: string,
): Promise<MastodonAppRow | undefined> {
  return await db
    .selectFrom('mastodon_apps')
    .selectAll()
    .where('instance_url', '=', instance)
    .where('redirect_uri', '=', redirectUri)
    .executeTakeFirst();
}

/** Remembers a registration; a concurrent one for the same instance and URI wins quietly. */
export async function insertMastodonApp(
  db: Executor,
  app: Insertable<MastodonAppsTable>,
): Promise<void> {
  await db
    .insertInto('mastodon_apps')
    .values(app)
    .onConflict((oc) => oc.columns(['instance_url', 'redirect_uri']).doNothing())
    .execute();
}
