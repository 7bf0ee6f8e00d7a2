import { z } from 'zod';
import type { ItemDraft } from '../../domain/types.ts';
import type { PullOutcome } from '../kind.ts';

/**
 * The state of a social account polled as two streams (timeline and notifications): a
 * position per stream and, while rate-limited, when polling may resume (epoch ms).
 *
 * @example streamState('home', 'notifications') // { home?, notifications?, holdUntil? }
 */
export function streamState<A extends string, B extends string>(timeline: A, notifications: B) {
  const position = z.string().nullable().optional();
  return z.looseObject({
    ...({ [timeline]: position } as Record<A, typeof position>),
    ...({ [notifications]: position } as Record<B, typeof position>),
    holdUntil: z.number().nullable().optional(),
  });
}

/** What polling an account of either platform answers. */
export type AccountPoll<S> =
  | { status: 'items'; drafts: ItemDraft[]; state: S }
  | { status: 'retry_later'; retryAt: number; reason: string };

/**
 * The outcome of one account poll: its drafts with the advanced positions (one commit), or,
 * rate-limited with nothing in hand, retry_later.
 *
 * @example return pollOutcome(await pullMastodonAccount(fetcher, account, state, now));
 */
export function pollOutcome<S extends object>(result: AccountPoll<S>): PullOutcome<S> {
  if (result.status === 'retry_later') return result;
  return { status: 'items', drafts: result.drafts, state: { ...result.state } };
}
