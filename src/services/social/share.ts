import { z } from 'zod';
import { findFirstSourceConfig } from '../../db/repos/sources.ts';
import { type ShareLink, shareLinks } from '../../domain/share-links.ts';
import type { App } from '../app.ts';
import { getItemView } from '../items/items.ts';

/**
 * What share links need of a Mastodon source's stored config: its instance. Tolerant as the
 * links are: an instance that is not a string is no instance.
 */
const mastodonInstanceSchema = z.object({
  instance: z.string().nullish().catch(null),
});

/** The instance of the user's first connected Mastodon account, if any (for its /share). */
export async function userMastodonInstance(app: App, userId: number): Promise<string | null> {
  const config = await findFirstSourceConfig(app.db.kysely, userId, 'mastodon');
  if (config === undefined) return null;
  return mastodonInstanceSchema.parse(JSON.parse(config)).instance ?? null;
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
