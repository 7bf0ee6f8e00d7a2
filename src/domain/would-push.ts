import type { ItemKind, SourceKind } from './types.ts';

/**
 * Whether an item would have interrupted the user had Checkpoint not held it
 * (DESIGN.md "would-push defaults"): newsletters and pushes yes; Mastodon/Bluesky
 * notifications yes but timeline posts no; feeds and imports no.
 * A source's own setting (`override`) wins when it is not null.
 *
 * @example wouldPush('mastodon', 'mention', null) // true
 */
export function wouldPush(
  sourceKind: SourceKind | string,
  itemKind: ItemKind | string,
  override: boolean | null,
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
      return itemKind !== 'post' && itemKind !== 'article';
    default:
      return false;
  }
}
