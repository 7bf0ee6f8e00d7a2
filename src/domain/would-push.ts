import type { ItemKind, ItemOrigin } from './types.ts';

/**
 * A source kind's would-push default (DESIGN.md "would-push defaults"): `always` (newsletters,
 * own addresses, push intake), `never` (feeds, imports), or `notifications` (Mastodon and
 * Bluesky: notifications yes, timeline posts no). Each kind's spec declares one.
 */
export type WouldPushDefault = 'always' | 'never' | 'notifications';

/**
 * Whether an item would have interrupted the user had Checkpoint not held it, by its kind's
 * default. The source's own setting, when set, is applied by the caller before this.
 *
 * For `notifications` the item's `origin` decides: everything from the timeline is a timeline
 * post — a reply to the user there too (kind `reply`, which ranks it) — and its notification
 * is a separate item, so counting both would count one push twice. Only without an origin
 * does the item's kind decide (anything but a post or an article).
 *
 * @example defaultWouldPush('notifications', 'reply', 'timeline') // false
 * @example defaultWouldPush('notifications', 'reply', 'notification') // true
 */
export function defaultWouldPush(
  rule: WouldPushDefault,
  itemKind: ItemKind | string,
  origin: ItemOrigin | null = null,
): boolean {
  switch (rule) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'notifications':
      if (origin) return origin === 'notification';
      return itemKind !== 'post' && itemKind !== 'article';
  }
}
