import type { ItemKind, ItemOrigin, SourceKind } from './types.ts';

/**
 * Whether an item would have interrupted the user had Checkpoint not held it
 * (DESIGN.md "would-push defaults"): newsletters and pushes yes; Mastodon/Bluesky
 * notifications yes but timeline posts no; feeds and imports no.
 * A source's own setting (`override`) wins when it is not null.
 *
 * For Mastodon and Bluesky the item's `origin` decides: everything from the timeline is a
 * timeline post — a reply to the user there too (kind `reply`, which ranks it) — and its
 * notification is a separate item, so counting both would count one push twice. Only
 * without an origin does the kind decide (anything but a post or an article).
 *
 * @example wouldPush('mastodon', 'reply', null, 'timeline') // false
 * @example wouldPush('mastodon', 'reply', null, 'notification') // true
 */
export function wouldPush(
  sourceKind: SourceKind | string,
  itemKind: ItemKind | string,
  override: boolean | null,
  origin: ItemOrigin | null = null,
): boolean {
  if (override !== null) return override;
  switch (sourceKind) {
    case 'imap':
    case 'smtp':
    case 'ntfy':
    case 'gotify':
    case 'pushover':
    case 'webhook':
      return true;
    case 'mastodon':
    case 'bluesky':
      if (origin) return origin === 'notification';
      return itemKind !== 'post' && itemKind !== 'article';
    default:
      return false;
  }
}
