/** Core domain types shared by sources, pipeline, storage and delivery. Imports nothing internal. */

/** Where items come from: pulled by us, or pushed to us (intake). */
export type SourceKind =
  | 'feed'
  | 'imap'
  | 'mastodon'
  | 'bluesky'
  | 'import'
  | 'ntfy'
  | 'gotify'
  | 'pushover'
  | 'webhook'
  | 'smtp';

/** What one item is. Replies and mentions are addressed to the user and rank higher. */
export type ItemKind =
  | 'article'
  | 'newsletter'
  | 'post'
  | 'mention'
  | 'reply'
  | 'notification'
  | 'message';

export const ITEM_KINDS: readonly ItemKind[] = [
  'article',
  'newsletter',
  'post',
  'mention',
  'reply',
  'notification',
  'message',
];

/**
 * Where a social item came from: the account's timeline (read when the user chooses) or the
 * platform's notifications (what the phone would have buzzed for).
 */
export type ItemOrigin = 'timeline' | 'notification';

/** Per-source cadence: when its items join a checkpoint. */
export type Cadence =
  | 'every'
  | 'daily'
  | `weekly:${'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'}`;

/** A media attachment or enclosure of an item. */
export interface Attachment {
  url: string;
  type: string | null;
  length: number | null;
  title?: string | null;
}

/**
 * One item as a source produces it, before the pipeline. Every source kind fills this shape;
 * the pipeline canonicalises, sanitises, scores and stores it.
 */
export interface ItemDraft {
  /** Stable id within the source (guid, message id, status id …). */
  externalId: string;
  kind: ItemKind;
  url: string | null;
  title: string | null;
  author: string | null;
  /** Untrusted HTML as received; the pipeline sanitises it. */
  contentHtml: string | null;
  /** Plain text summary, if the source has one apart from the content. */
  summary: string | null;
  publishedAt: Date | null;
  /** Base URL to resolve relative links in `contentHtml` (xml:base, feed URL). */
  baseUrl: string | null;
  /** Normalised priority 1–5 (ntfy scale); null means the default 3. */
  priority?: number | null;
  attachments?: Attachment[];
  /**
   * Playing time in seconds of the audio or video the item carries, when the source says
   * (`itunes:duration`, Media RSS `duration`, JSON Feed `duration_in_seconds`): reading time.
   */
  durationSeconds?: number | null;
  /** Extra, kind-specific data kept as JSON (unsubscribe links, boost info, tags …). */
  extra?: Record<string, unknown>;
  /**
   * Mastodon and Bluesky: whether the draft came from the timeline or the notifications. A
   * reply to the user arrives both ways, as two items of kind `reply`; only the notification
   * would have pushed, so it alone counts as a push, while both keep the kind that ranks them.
   */
  origin?: ItemOrigin;
}

/** An item as stored and returned by the API/CLI (`items --json`). */
export interface Item {
  id: number;
  sourceId: number;
  sourceKind: SourceKind;
  kind: ItemKind;
  title: string | null;
  url: string | null;
  author: string | null;
  publishedAt: string | null;
  receivedAt: string;
  wouldPush: boolean;
  priority: number;
  read: boolean;
  starred: boolean;
  dismissed: boolean;
  clusterId: number | null;
  contentHtml: string | null;
}

/** A time source that tests can set: never call `new Date()` in services directly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock fixed at one instant (CLI `tick --at`, tests). */
export function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}
