/**
 * Polling a Bluesky account: getTimeline and listNotifications, newest first with cursors
 * going back in time. Each poll pages back until it reaches what the last poll saw (the
 * newest sort time is kept as a watermark), so nothing between two polls is skipped; what
 * comes again is recognised by its stable id. The first poll takes one page. An expired
 * access token is refreshed (and, failing that, the app password logs in again); rate limits
 * hold the account until they reset.
 */
import type { ItemDraft } from '../../domain/types.ts';
import type { SafeFetcher } from '../../lib/net/safe-fetch.ts';
import { createSession, refreshSession, type XrpcAnswer, xrpcQuery } from './client.ts';
import {
  BlueskyError,
  feedSortAt,
  feedViewPostToDraft,
  listOf,
  notificationToDraft,
} from './parse.ts';
import type { BskyFeedViewPost, BskyNotification, BskySession } from './types.ts';

export interface BlueskyState {
  /** Sort time (ISO) of the newest timeline entry seen. */
  timelineSeen?: string | null;
  /** indexedAt (ISO) of the newest notification seen. */
  notificationsSeen?: string | null;
  /** Rate-limited until then (epoch ms). */
  holdUntil?: number | null;
}

export interface BlueskyAccount {
  service: string;
  identifier: string;
  /** The app password, to log in again when the refresh token has expired too. */
  password: string | null;
  session: BskySession;
  /** Called with every new session, to store it (encrypted) at once. */
  saveSession(session: BskySession): Promise<void>;
}

export type BlueskyPullResult =
  | { status: 'items'; drafts: ItemDraft[]; state: BlueskyState }
  | { status: 'retry_later'; retryAt: number; reason: string };

const PAGE = 50;
const MAX_PAGES = 5;
const DEFAULT_HOLD_MS = 5 * 60_000;

class RateLimited extends Error {
  constructor(readonly until: number) {
    super('rate limited');
  }
}

function expired(res: XrpcAnswer): boolean {
  return (
    (res.status === 400 || res.status === 401) &&
    (res.error === 'ExpiredToken' || res.error === 'InvalidToken' || res.status === 401)
  );
}

/** A query with the account's session, renewing it once when it has expired. */
async function query(
  fetcher: SafeFetcher,
  account: BlueskyAccount,
  nsid: string,
  params: Record<string, string>,
  now: number,
): Promise<XrpcAnswer> {
  const base = () => account.session.pds ?? account.service;
  let res = await xrpcQuery(fetcher, base(), nsid, params, account.session.accessJwt, now);
  if (expired(res)) {
    let session: BskySession;
    try {
      session = await refreshSession(fetcher, base(), account.session.refreshJwt, now);
    } catch (error) {
      if (!account.password) throw error;
      session = await createSession(
        fetcher,
        account.service,
        account.identifier,
        account.password,
        now,
      );
    }
    account.session = session;
    await account.saveSession(session);
    res = await xrpcQuery(fetcher, base(), nsid, params, session.accessJwt, now);
  }
  if (res.status === 429) throw new RateLimited(res.resetAt ?? now + DEFAULT_HOLD_MS);
  if (res.status !== 200) {
    throw new BlueskyError(`bluesky: ${nsid} failed (${res.error ?? `HTTP ${res.status}`})`);
  }
  return res;
}

interface Stream<T> {
  nsid: string;
  key: 'feed' | 'notifications';
  sortAt(item: T): string | null;
  draft(item: T): ItemDraft;
}

async function pullStream<T>(
  fetcher: SafeFetcher,
  account: BlueskyAccount,
  stream: Stream<T>,
  seen: string | null,
  now: number,
): Promise<{ drafts: ItemDraft[]; seen: string | null; holdUntil: number | null }> {
  const drafts: ItemDraft[] = [];
  let newest = seen;
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const params: Record<string, string> = { limit: String(PAGE) };
    if (cursor) params.cursor = cursor;
    const res = await query(fetcher, account, stream.nsid, params, now);
    const { items, cursor: next } = listOf<T>(res.json, stream.key, stream.nsid);
    let reachedSeen = false;
    for (const item of items) {
      const at = isoOf(stream.sortAt(item));
      if (seen && at && at < seen) {
        reachedSeen = true;
        continue;
      }
      drafts.push(stream.draft(item));
      if (at && (!newest || at > newest)) newest = at;
    }
    if (res.remaining === 0)
      return { drafts, seen: newest, holdUntil: res.resetAt ?? now + DEFAULT_HOLD_MS };
    if (!seen || reachedSeen || !next || items.length === 0) break;
    cursor = next;
  }
  return { drafts, seen: newest, holdUntil: null };
}

/**
 * One poll of an account: the timeline, then the notifications.
 *
 * @example await pullBlueskyAccount(app.fetcher, account, state, Date.now())
 */
export async function pullBlueskyAccount(
  fetcher: SafeFetcher,
  account: BlueskyAccount,
  state: BlueskyState,
  now: number,
): Promise<BlueskyPullResult> {
  if (state.holdUntil && state.holdUntil > now) return held(state.holdUntil);
  const me = account.session.did;
  const next: BlueskyState = {
    timelineSeen: state.timelineSeen ?? null,
    notificationsSeen: state.notificationsSeen ?? null,
    holdUntil: null,
  };
  const drafts: ItemDraft[] = [];
  const streams = [
    {
      field: 'timelineSeen',
      stream: {
        nsid: 'app.bsky.feed.getTimeline',
        key: 'feed',
        sortAt: feedSortAt,
        draft: (e: BskyFeedViewPost) => feedViewPostToDraft(e, me),
      },
    },
    {
      field: 'notificationsSeen',
      stream: {
        nsid: 'app.bsky.notification.listNotifications',
        key: 'notifications',
        sortAt: (n: BskyNotification) => n.indexedAt ?? null,
        draft: notificationToDraft,
      },
    },
  ] as const;
  for (const { field, stream } of streams) {
    try {
      const result = await pullStream(
        fetcher,
        account,
        stream as Stream<unknown>,
        next[field] ?? null,
        now,
      );
      drafts.push(...result.drafts);
      next[field] = result.seen;
      if (result.holdUntil) {
        next.holdUntil = result.holdUntil;
        break;
      }
    } catch (error) {
      if (!(error instanceof RateLimited)) throw error;
      if (drafts.length === 0) return held(error.until);
      next.holdUntil = error.until;
      break;
    }
  }
  return { status: 'items', drafts, state: next };
}

/** A time as canonical ISO (so that string order is time order), or null. */
function isoOf(value: string | null): string | null {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function held(until: number): BlueskyPullResult {
  return {
    status: 'retry_later',
    retryAt: until,
    reason: `bluesky: rate limit reached; polling resumes after ${new Date(until).toISOString()}`,
  };
}
