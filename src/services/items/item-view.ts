import { findItem, type ItemWithSource, listItems } from '../../db/repos/items.ts';
import { findSource } from '../../db/repos/sources.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { ShareLink } from '../../domain/share-links.ts';
import type { Item } from '../../domain/types.ts';
import type { User } from '../accounts/user.ts';
import { imageMode } from '../accounts/user-settings.ts';
import type { App } from '../app.ts';
import { readSmtpConfig } from '../mail/mail-config.ts';
import { itemShareLinks } from '../social/share.ts';
import { setItemState, toItemView } from './items.ts';
import { fullText } from './reader.ts';
import { searchItems } from './search.ts';

/** An item as the web UI lists it: the API shape plus what its card shows. */
export interface ItemCardView extends Item {
  sourceName: string;
  summary: string | null;
  readingSeconds: number;
}

/** An item opened in the reading view. */
export interface OpenedItem {
  /** The item as it was opened, counted as read. */
  item: ItemCardView;
  /** Its content, or the page's full text when that was asked for and could be fetched. */
  html: string;
  /** Why the full text could not be fetched, when it was asked for. */
  fullTextError: Error | null;
  /** How its remote images are shown unless the reader asks to see them. */
  images: 'proxy' | 'block';
  /** Where it can be shared (only links that have a URL). */
  shareLinks: ShareLink[];
}

/** An item row as an item card shows it. */
export function toItemCard(row: ItemWithSource): ItemCardView {
  return {
    ...toItemView(row),
    sourceName: row.source_name,
    summary: row.summary,
    readingSeconds: row.reading_seconds,
  };
}

/**
 * How a newsletter's remote images are shown: its mailbox or address says `block` (the
 * default: they mostly report that you opened the mail) or `show`; other items follow the
 * user's preference alone. Both mail kinds keep `remoteImages` in the same place of their
 * config, which `readSmtpConfig` reads with its default.
 */
async function itemImageMode(
  app: App,
  row: ItemWithSource,
  mode: 'proxy' | 'block',
): Promise<'proxy' | 'block'> {
  if (row.source_kind !== 'imap' && row.source_kind !== 'smtp') return mode;
  const source = await findSource(app.db.kysely, row.user_id, row.source_id);
  return readSmtpConfig(source?.config ?? '{}').remoteImages === 'show' ? mode : 'block';
}

/**
 * Opens an item in the reading view: marks it read, fetches the page's full text when `full`
 * is set (a failure is returned, not thrown), and says how images show and where to share it.
 *
 * @example const opened = await openItem(app, user, 42, { full: false })
 */
export async function openItem(
  app: App,
  user: User,
  id: number,
  options: { full: boolean },
): Promise<OpenedItem> {
  const row = await findItem(app.db.kysely, user.id, id);
  if (!row) throw new NotFoundError(`item: no item ${id}`);
  if (row.read_at === null) await setItemState(app, user.id, id, { read: true });
  let html = row.content_html ?? '';
  let fullTextError: Error | null = null;
  if (options.full) {
    try {
      html = await fullText(app, user.id, id);
    } catch (error) {
      fullTextError = error as Error;
    }
  }
  const images = await itemImageMode(app, row, imageMode(user.settings));
  const shareLinks = (await itemShareLinks(app, user.id, id)).filter((l) => l.url !== null);
  return { item: { ...toItemCard(row), read: true }, html, fullTextError, images, shareLinks };
}

/**
 * The user's starred items, most recently starred first (at most 200).
 *
 * @example (await starredItems(app, user.id)).length
 */
export async function starredItems(app: App, userId: number): Promise<ItemCardView[]> {
  return (await listItems(app.db.kysely, userId, { starred: true, limit: 200 })).map(toItemCard);
}

/**
 * Full-text search for the web UI (see `searchItems`); an empty query finds nothing.
 *
 * @example await searchItemCards(app, user.id, 'harbour bridge')
 */
export async function searchItemCards(
  app: App,
  userId: number,
  q: string,
): Promise<ItemCardView[]> {
  return q ? (await searchItems(app, userId, q)).map(toItemCard) : [];
}
