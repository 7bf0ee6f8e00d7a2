/**
 * The Bluesky (AT Protocol) lexicon views Checkpoint reads: app.bsky.feed.getTimeline
 * (FeedViewPost) and app.bsky.notification.listNotifications, as they arrive — loose, since
 * the AppView adds fields over time.
 */

export interface BskyProfile {
  did: string;
  handle?: string | null;
  displayName?: string | null;
}

export interface BskyFacet {
  index?: { byteStart?: number; byteEnd?: number } | null;
  features?: { $type?: string; uri?: string; did?: string; tag?: string }[] | null;
}

/** An app.bsky.feed.post record. */
export interface BskyPostRecord {
  $type?: string;
  text?: string | null;
  facets?: BskyFacet[] | null;
  createdAt?: string | null;
  embed?: Record<string, unknown> | null;
  reply?: { parent?: { uri?: string } | null; root?: { uri?: string } | null } | null;
}

/** An embed view (images, external, record, recordWithMedia, video …): `$type` decides. */
export type BskyEmbedView = { $type?: string } & Record<string, unknown>;

export interface BskyPostView {
  uri: string;
  cid?: string | null;
  author: BskyProfile;
  record?: BskyPostRecord | null;
  embed?: BskyEmbedView | null;
  indexedAt?: string | null;
}

export interface BskyFeedViewPost {
  post: BskyPostView;
  reply?: { parent?: (Partial<BskyPostView> & { $type?: string }) | null } | null;
  reason?:
    | ({ $type?: string; by?: BskyProfile; indexedAt?: string } & Record<string, unknown>)
    | null;
}

export interface BskyNotification {
  uri: string;
  cid?: string | null;
  author: BskyProfile;
  reason: string;
  reasonSubject?: string | null;
  record?: BskyPostRecord | null;
  indexedAt?: string | null;
}

/** A session from com.atproto.server.createSession / refreshSession. */
export interface BskySession {
  did: string;
  handle: string;
  accessJwt: string;
  refreshJwt: string;
  /** The account's PDS, from its DID document (requests go there), or null. */
  pds: string | null;
}
