import { type ShareLink, shareLinks } from '../../domain/share-links.ts';
import type { App } from '../app.ts';
import { getItemView } from '../items/items.ts';

/** The instance of the user's first connected Mastodon account, if any (for its /share). */
export async function userMastodonInstance(app: App, userId: number): Promise<string | null> {
  const row = await app.db.kysely
    .selectFrom('sources')
    .select('config')
    .where('user_id', '=', userId)
    .where('kind', '=', 'mastodon')
    .orderBy('id')
    .executeTakeFirst();
  if (!row) return null;
  const instance = (JSON.parse(row.config) as { instance?: unknown }).instance;
  return typeof instance === 'string' ? instance : null;
}

/**
 * Share intents for one of the user's items; the Mastodon link uses `mastodonInstance` or the
 * instance of the user's connected account.
 *
 * @example (await itemShareLinks(app, user.id, 42)).find((l) => l.platform === 'linkedin')?.url
 */
export async function itemShareLinks(
  app: App,
  userId: number,
  itemId: number,
  options: { mastodonInstance?: string | null; text?: string | null } = {},
): Promise<ShareLink[]> {
  const item = await getItemView(app, userId, itemId);
  const instance = options.mastodonInstance ?? (await userMastodonInstance(app, userId));
  return shareLinks(
    { url: item.url, title: item.title },
    { mastodonInstance: instance, text: options.text ?? null },
  );
}
