/**
 * Polling a Mastodon account: the home timeline and the notifications, each paged forward
 * with `min_id` from the newest id already seen, so that nothing is skipped between polls and
 * nothing comes twice (the first poll takes the newest page only). Rate limits are respected:
 * a 429 stops the poll, and `X-RateLimit-Remaining: 0` stops it after the answer in hand;
 * both hold the account until the limit resets.
 */
import type { ItemDraft } from '../../domain/types.ts';
import type { SafeFetcher } from '../../lib/net/safe-fetch.ts';
import { mastoGet } from './client.ts';
import {
  MastodonError,
  newestId,
  notificationToDraft,
  parseEntities,
  statusToDraft,
} from './parse.ts';
import type { MastoNotification, MastoStatus } from './types.ts';

/** Cursors kept in the source's state. */
export interface MastodonState {
  /** Newest home-timeline status id seen. */
  home?: string | null;
  /** Newest notification id seen. */
  notifications?: string | null;
  /** Rate-limited until then (epoch ms): polls before it do not call the instance. */
  holdUntil?: number | null;
}

export type MastodonPullResult =
  | { status: 'items'; drafts: ItemDraft[]; state: MastodonState }
  | { status: 'retry_later'; retryAt: number; reason: string };

export interface MastodonAccount {
  instance: string;
  token: string;
  /** The connected account's id (mentions and replies to it are addressed to the user). */
  accountId: string;
}

const PAGE = 40;
const MAX_PAGES = 5;
/** When a 429 carries no reset time. */
const DEFAULT_HOLD_MS = 5 * 60_000;

const STREAMS = [
  { key: 'home', path: '/api/v1/timelines/home' },
  { key: 'notifications', path: '/api/v1/notifications' },
] as const;

interface StreamResult {
  drafts: ItemDraft[];
  cursor: string | null;
  /** Set when the rate limit stopped this stream (epoch ms of the reset). */
  holdUntil: number | null;
}

async function pullStream(
  fetcher: SafeFetcher,
  account: MastodonAccount,
  stream: (typeof STREAMS)[number],
  since: string | null,
  now: number,
): Promise<StreamResult> {
  const out: StreamResult = { drafts: [], cursor: since, holdUntil: null };
  const me = { id: account.accountId };
  for (let page = 0; page < MAX_PAGES; page++) {
    const params: Record<string, string> = { limit: String(PAGE) };
    if (out.cursor) params.min_id = out.cursor;
    const res = await mastoGet(fetcher, account.instance, account.token, stream.path, params, now);
    if (res.status === 429) {
      out.holdUntil = res.rate.resetAt ?? now + DEFAULT_HOLD_MS;
      return out;
    }
    if (res.status === 401 || res.status === 403) {
      throw new MastodonError(
        `mastodon: ${account.instance} rejected the access token (HTTP ${res.status}); connect the account again`,
      );
    }
    if (res.status !== 200)
      throw new MastodonError(`mastodon: ${stream.path} answered HTTP ${res.status}`);
    if (stream.key === 'home') {
      const statuses = parseEntities<MastoStatus>(res.json, 'the home timeline');
      out.drafts.push(...statuses.map((s) => statusToDraft(s, me)));
      out.cursor = newestId(
        statuses.map((s) => s.id),
        out.cursor,
      );
      if (statuses.length < PAGE || !since) page = MAX_PAGES;
    } else {
      const list = parseEntities<MastoNotification>(res.json, 'the notifications');
      out.drafts.push(...list.map((n) => notificationToDraft(n, me)));
      out.cursor = newestId(
        list.map((n) => n.id),
        out.cursor,
      );
      if (list.length < PAGE || !since) page = MAX_PAGES;
    }
    if (res.rate.remaining === 0) {
      out.holdUntil = res.rate.resetAt ?? now + DEFAULT_HOLD_MS;
      return out;
    }
  }
  return out;
}

/**
 * One poll of an account. Returns the drafts and the advanced cursors (committed with the
 * items), or retry_later while rate-limited with nothing to store.
 *
 * @example const result = await pullMastodonAccount(app.fetcher, account, state, Date.now());
 */
export async function pullMastodonAccount(
  fetcher: SafeFetcher,
  account: MastodonAccount,
  state: MastodonState,
  now: number,
): Promise<MastodonPullResult> {
  if (state.holdUntil && state.holdUntil > now) {
    return { status: 'retry_later', retryAt: state.holdUntil, reason: rateReason(state.holdUntil) };
  }
  const next: MastodonState = {
    home: state.home ?? null,
    notifications: state.notifications ?? null,
    holdUntil: null,
  };
  const drafts: ItemDraft[] = [];
  for (const stream of STREAMS) {
    const result = await pullStream(fetcher, account, stream, next[stream.key] ?? null, now);
    drafts.push(...result.drafts);
    next[stream.key] = result.cursor;
    if (result.holdUntil !== null) {
      if (drafts.length === 0) {
        return {
          status: 'retry_later',
          retryAt: result.holdUntil,
          reason: rateReason(result.holdUntil),
        };
      }
      next.holdUntil = result.holdUntil;
      break;
    }
  }
  return { status: 'items', drafts, state: next };
}

function rateReason(until: number): string {
  return `mastodon: rate limit reached; polling resumes after ${new Date(until).toISOString()}`;
}
