import { findFirstSourceOfKind } from '../../db/repos/sources.ts';
import { type ShareLink, shareLinks } from '../../domain/share-links.ts';
import type { App } from '../app.ts';
import { getItemView } from '../items/items.ts';
import { mastodonInstanceOf } from '../sources/source-config.ts';

/** The instance of the user's first connected Mastodon account, if any (for its /share). */
export async function userMastodonInstance(app: App, userId: number): Promise<string | null> {
  const row = await findFirstSourceOfKind(app.db.kysely, userId, 'mastodon');
  return row ? mastodonInstanceOf(row) : null;
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
