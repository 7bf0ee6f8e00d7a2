/**
 * The mastodon kind: a connected account's home timeline and notifications, polled with the
 * access token the user granted (stored encrypted).
 */
import { z } from 'zod';
import { decryptSecret } from '../../lib/crypto.ts';
import { describeKind, polled, type SourceKindSpec } from '../kind.ts';
import { pollOutcome, streamState } from '../social/stream-state.ts';
import { MastodonError } from './parse.ts';
import { type MastodonState, pullMastodonAccount } from './pull.ts';

/** What a Mastodon source keeps in its `config` (the token encrypted). */
export const mastodonConfigSchema = z.object({
  instance: z.string().min(1),
  accountId: z.string().min(1),
  acct: z.string().default(''),
  /** encryptSecret(access token). */
  token: z.string().min(1),
});
export type MastodonConfig = z.infer<typeof mastodonConfigSchema>;

/** The newest home-timeline status and notification ids seen, and a rate-limit hold. */
export const mastodonStateSchema = streamState('home', 'notifications');

/** The mastodon kind's spec: notifications would have pushed, timeline posts not. */
export const mastodonKind: SourceKindSpec<MastodonConfig, MastodonState> = {
  name: 'mastodon',
  config: mastodonConfigSchema,
  state: mastodonStateSchema,
  emptyState: {},
  brokenConfig: (id) =>
    new MastodonError(`mastodon: source ${id} has no account; connect it again`),
  // Home timeline and notifications since the stored cursors; a rate limit answers retry_later.
  pull: polled(async (source, context) => {
    const { config } = source;
    const result = await pullMastodonAccount(
      context.fetcher,
      {
        instance: config.instance,
        token: decryptSecret(config.token, context.secret),
        accountId: config.accountId,
      },
      source.state,
      context.now(),
    );
    return pollOutcome(result);
  }),
  wouldPush: 'notifications',
  describe: describeKind('mastodon', 'Mastodon', 'mastodon'),
  sharing: 'per-user',
  apiConfig: mastodonConfigSchema.pick({ instance: true, accountId: true, acct: true }),
};
